package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.Products;
import dev.patternshop.catalog.product.application.ProductCatalog;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Admin writes, with optimistic locking: an update or delete names the version it read, and a stale
 * version is a 409. The gateway does not expose /admin until it checks the ADMIN role (gateway issue);
 * until then reach it on the service's own port.
 */
@Tag(
        name = "admin",
        description = "ADMIN: create, replace and delete products (optimistic locking: a stale version is a 409).")
@RestController
@RequestMapping("/admin/products")
class AdminProductController {

    private final ProductCatalog catalog;

    AdminProductController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping
    ResponseEntity<ProductResponse> create(@RequestBody ProductRequest request) {
        Products.Written<Product> created = catalog.create(request.toDraft());
        // Built from the request: behind the gateway it reads X-Forwarded-Prefix (/api/catalog) and -Host.
        URI location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/products/{id}")
                .buildAndExpand(created.value().id())
                .toUri();
        return written(ResponseEntity.created(location), created);
    }

    @PutMapping("/{id}")
    ResponseEntity<ProductResponse> replace(@PathVariable long id, @RequestBody ProductRequest request) {
        Products.Written<Product> updated = catalog.update(id, request.requiredVersion(), request.toDraft());
        return written(ResponseEntity.ok(), updated);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, @RequestParam long version) {
        Products.Written<Product> deleted = catalog.delete(id, version);
        return ResponseEntity.noContent()
                .header(ConsistencyToken.HEADER, Long.toString(deleted.logPosition()))
                .build();
    }

    private static ResponseEntity<ProductResponse> written(
            ResponseEntity.BodyBuilder response, Products.Written<Product> written) {
        return response.eTag(written.value().etag())
                .header(ConsistencyToken.HEADER, Long.toString(written.logPosition()))
                .body(ProductResponse.of(written.value()));
    }
}
