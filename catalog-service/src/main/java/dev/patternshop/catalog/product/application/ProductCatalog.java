package dev.patternshop.catalog.product.application;

import dev.patternshop.catalog.cache.ProductCache;
import dev.patternshop.catalog.product.InvalidProduct;
import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.ProductDraft;
import dev.patternshop.catalog.product.ProductNotFound;
import dev.patternshop.catalog.product.ProductPage;
import dev.patternshop.catalog.product.ProductQuery;
import dev.patternshop.catalog.product.Products;
import dev.patternshop.catalog.product.ReadConsistency;
import dev.patternshop.catalog.product.SearchQuery;
import dev.patternshop.replication.ConsistencyToken;
import dev.patternshop.replication.TokenAdmission;
import dev.patternshop.replication.TokenAheadOfPrimary;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The catalog's use cases: reads through the cache (by id) or the read routing (lists, search), writes
 * on the primary followed, after commit, by the cache update. Every write answers the log position a
 * client passes back to read its own write; a read's token is admitted first (a forged one is refused).
 */
@Service
public class ProductCatalog {

    private final Products products;
    private final ProductCache cache;
    private final TokenAdmission tokens;

    public ProductCatalog(Products products, ProductCache cache, TokenAdmission tokens) {
        this.products = products;
        this.cache = cache;
        this.tokens = tokens;
    }

    public Product find(long id, ReadConsistency consistency) {
        ReadConsistency admitted = admit(consistency);
        return cache.get(id, admitted, c -> products.findById(id, c)).orElseThrow(() -> new ProductNotFound(id));
    }

    /**
     * The products found among {@code ids}, in that order; unknown ids are left out. One query through the read
     * routing (replica when it has replayed far enough) rather than the per-id cache: a cache round trip per id
     * (and a load per miss) costs more than one primary-key lookup of the whole batch.
     */
    public List<Product> findAll(Collection<Long> ids, ReadConsistency consistency) {
        return products.findByIds(ids, admit(consistency));
    }

    public Optional<Product> findUncached(long id, ReadConsistency consistency) {
        return products.findById(id, admit(consistency));
    }

    public ProductPage list(ProductQuery query, ReadConsistency consistency) {
        return products.list(query, admit(consistency));
    }

    public ProductPage search(SearchQuery query, ReadConsistency consistency) {
        return products.search(query, admit(consistency));
    }

    public Products.Written<Product> create(ProductDraft draft) {
        Products.Written<Product> created = products.create(draft);
        tokens.written(created.logPosition());
        cache.written(created.value());
        return created;
    }

    public Products.Written<Product> update(long id, long expectedVersion, ProductDraft draft) {
        Products.Written<Product> updated = products.update(id, expectedVersion, draft);
        tokens.written(updated.logPosition());
        cache.written(updated.value());
        return updated;
    }

    public Products.Written<Product> delete(long id, long expectedVersion) {
        Products.Written<Product> deleted = products.delete(id, expectedVersion);
        tokens.written(deleted.logPosition());
        cache.deleted(id, deleted.value().version());
        return deleted;
    }

    /** The consistency a read may ask for; a token ahead of the primary's log is refused (400). */
    private ReadConsistency admit(ReadConsistency wanted) {
        try {
            return ReadConsistency.atLeast(tokens.admit(wanted.minLogPosition()));
        } catch (TokenAheadOfPrimary e) {
            throw new InvalidProduct(
                    ConsistencyToken.HEADER, "is ahead of the database's log: send the token a write returned");
        }
    }
}
