package dev.patternshop.catalog.product;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where products are kept. Reads take the {@link ReadConsistency} the caller needs; writes return the
 * position in the primary's log that a later read must have seen to include them.
 */
public interface Products {

    Optional<Product> findById(long id, ReadConsistency consistency);

    /** The products with these ids, in the order given; ids that name nothing are absent. */
    List<Product> findByIds(Collection<Long> ids, ReadConsistency consistency);

    ProductPage list(ProductQuery query, ReadConsistency consistency);

    ProductPage search(SearchQuery query, ReadConsistency consistency);

    Written<Product> create(ProductDraft draft);

    /** Replaces the product if it is still at {@code expectedVersion}. */
    Written<Product> update(long id, long expectedVersion, ProductDraft draft);

    /** Deletes the product if it is still at {@code expectedVersion}; returns the deleted state. */
    Written<Product> delete(long id, long expectedVersion);

    /** A committed change and the log position (LSN) that contains it. */
    record Written<T>(T value, long logPosition) {}
}
