package dev.patternshop.inventory;

import dev.patternshop.testsupport.web.ServiceFoundationContract;
import java.util.List;

@InventoryIntegrationTest
class InventoryFoundationIT extends ServiceFoundationContract {

    @Override
    protected List<String> describedPaths() {
        return List.of("/products", "/products/{id}", "/admin/products/{id}/stock");
    }
}
