package dev.patternshop.inventory;

import dev.patternshop.testsupport.web.ServiceFoundationContract;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InventoryFoundationIT extends ServiceFoundationContract {}
