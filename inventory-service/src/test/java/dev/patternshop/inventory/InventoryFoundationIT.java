package dev.patternshop.inventory;

import dev.patternshop.testsupport.web.ServiceFoundationContract;

@InventoryIntegrationTest
class InventoryFoundationIT extends ServiceFoundationContract {}
