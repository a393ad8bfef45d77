package dev.patternshop.catalog;

import dev.patternshop.testsupport.web.ServiceFoundationContract;

@CatalogIntegrationTest
class CatalogFoundationIT extends ServiceFoundationContract {}
