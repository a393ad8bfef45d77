package dev.patternshop.catalog;

import dev.patternshop.testsupport.web.ServiceFoundationContract;
import java.util.List;

@CatalogIntegrationTest
class CatalogFoundationIT extends ServiceFoundationContract {

    @Override
    protected List<String> describedPaths() {
        return List.of("/products", "/products/{id}", "/products/search", "/admin/products");
    }
}
