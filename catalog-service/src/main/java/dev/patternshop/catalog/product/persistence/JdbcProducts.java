package dev.patternshop.catalog.product.persistence;

import dev.patternshop.catalog.product.Money;
import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.ProductDraft;
import dev.patternshop.catalog.product.ProductNotFound;
import dev.patternshop.catalog.product.ProductPage;
import dev.patternshop.catalog.product.ProductQuery;
import dev.patternshop.catalog.product.ProductVersionConflict;
import dev.patternshop.catalog.product.Products;
import dev.patternshop.catalog.product.ReadConsistency;
import dev.patternshop.catalog.product.SearchQuery;
import dev.patternshop.catalog.product.SkuAlreadyExists;
import dev.patternshop.replication.ReadRouting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Products in Postgres through JdbcClient: writes on the primary, reads routed by {@link ReadRouting}. */
@Repository
class JdbcProducts implements Products {

    private static final String COLUMNS = "id, sku, name, description, category, price_minor, currency, "
            + "attributes::text as attributes, image_url, created_at, updated_at, version";
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};

    private final ReadRouting reads;
    private final JdbcClient primary;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    JdbcProducts(ReadRouting reads, TransactionTemplate transactions, JsonMapper json) {
        this.reads = reads;
        this.primary = reads.primary();
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public Optional<Product> findById(long id, ReadConsistency consistency) {
        return reads.read(
                consistency.minLogPosition(),
                db -> db.sql("select " + COLUMNS + " from product where id = ?")
                        .param(id)
                        .query(this::map)
                        .optional());
    }

    @Override
    public List<Product> findByIds(Collection<Long> ids, ReadConsistency consistency) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Product> found = new LinkedHashMap<>();
        reads.read(
                        consistency.minLogPosition(),
                        db -> db.sql("select " + COLUMNS + " from product where id = any(?)")
                                .param(ids.toArray(Long[]::new))
                                .query(this::map)
                                .list())
                .forEach(product -> found.put(product.id(), product));
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    @Override
    public ProductPage list(ProductQuery query, ReadConsistency consistency) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (query.category() != null) {
            where.append(" and category = ?");
            params.add(query.category());
        }
        if (query.minPriceMinor() != null) {
            where.append(" and price_minor >= ?");
            params.add(query.minPriceMinor());
        }
        if (query.maxPriceMinor() != null) {
            where.append(" and price_minor <= ?");
            params.add(query.maxPriceMinor());
        }
        // The sort column comes from an enum, never from the request text; id keeps pages stable.
        String direction = query.descending() ? " desc" : " asc";
        String orderBy = " order by "
                + switch (query.sort()) {
                    case NAME -> "name";
                    case PRICE -> "price_minor";
                    case CREATED_AT -> "created_at";
                }
                + direction + ", id" + direction;
        return reads.read(consistency.minLogPosition(), db -> {
            long total = db.sql("select count(*) from product" + where)
                    .params(params)
                    .query(Long.class)
                    .single();
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.add(query.size());
            pageParams.add((long) query.page() * query.size());
            List<Product> items = db.sql("select " + COLUMNS + " from product" + where + orderBy + " limit ? offset ?")
                    .params(pageParams)
                    .query(this::map)
                    .list();
            return new ProductPage(items, query.page(), query.size(), total);
        });
    }

    @Override
    public ProductPage search(SearchQuery query, ReadConsistency consistency) {
        // websearch_to_tsquery accepts what people type (quotes, "or", -word) and never raises a syntax error.
        // An exact name match ranks first; then ts_rank over the weighted document (name A, category B, text C).
        String matches = " from product, websearch_to_tsquery('english', :q) as query where search_vector @@ query";
        return reads.read(consistency.minLogPosition(), db -> {
            long total = db.sql("select count(*)" + matches)
                    .param("q", query.text())
                    .query(Long.class)
                    .single();
            List<Product> items = db.sql("select " + COLUMNS + matches
                            + " order by (lower(name) = lower(:q)) desc, ts_rank(search_vector, query) desc, id"
                            + " limit :limit offset :offset")
                    .param("q", query.text())
                    .param("limit", query.size())
                    .param("offset", (long) query.page() * query.size())
                    .query(this::map)
                    .list();
            return new ProductPage(items, query.page(), query.size(), total);
        });
    }

    @Override
    public Written<Product> create(ProductDraft draft) {
        try {
            Product created = transactions.execute(status -> primary.sql("""
                            insert into product (sku, name, description, category, price_minor, currency, attributes, image_url)
                            values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                            returning\s""" + COLUMNS)
                    .params(
                            draft.sku(),
                            draft.name(),
                            draft.description(),
                            draft.category(),
                            draft.price().amountMinor(),
                            draft.price().currency(),
                            json.writeValueAsString(draft.attributes()),
                            draft.imageUrl())
                    .query(this::map)
                    .single());
            return new Written<>(created, logPosition());
        } catch (DuplicateKeyException e) {
            throw new SkuAlreadyExists(draft.sku());
        }
    }

    @Override
    public Written<Product> update(long id, long expectedVersion, ProductDraft draft) {
        try {
            Product updated = transactions.execute(status -> primary.sql("""
                            update product set sku = ?, name = ?, description = ?, category = ?, price_minor = ?,
                                   currency = ?, attributes = ?::jsonb, image_url = ?, updated_at = now(), version = version + 1
                            where id = ? and version = ?
                            returning\s""" + COLUMNS)
                    .params(
                            draft.sku(),
                            draft.name(),
                            draft.description(),
                            draft.category(),
                            draft.price().amountMinor(),
                            draft.price().currency(),
                            json.writeValueAsString(draft.attributes()),
                            draft.imageUrl(),
                            id,
                            expectedVersion)
                    .query(this::map)
                    .optional()
                    .orElseThrow(() -> missingOrConflict(id, expectedVersion)));
            return new Written<>(updated, logPosition());
        } catch (DuplicateKeyException e) {
            throw new SkuAlreadyExists(draft.sku());
        }
    }

    @Override
    public Written<Product> delete(long id, long expectedVersion) {
        Product deleted = transactions.execute(
                status -> primary.sql("delete from product where id = ? and version = ? returning " + COLUMNS)
                        .params(id, expectedVersion)
                        .query(this::map)
                        .optional()
                        .orElseThrow(() -> missingOrConflict(id, expectedVersion)));
        return new Written<>(deleted, logPosition());
    }

    private RuntimeException missingOrConflict(long id, long expectedVersion) {
        boolean exists = primary.sql("select exists(select 1 from product where id = ?)")
                .param(id)
                .query(Boolean.class)
                .single();
        return exists ? new ProductVersionConflict(id, expectedVersion) : new ProductNotFound(id);
    }

    /** Read after the commit: a position taken inside the transaction would be from before it. */
    private long logPosition() {
        return reads.primaryPosition();
    }

    private Product map(ResultSet row, int rowNumber) throws SQLException {
        Map<String, String> attributes = new LinkedHashMap<>(json.readValue(row.getString("attributes"), ATTRIBUTES));
        return new Product(
                row.getLong("id"),
                row.getString("sku"),
                row.getString("name"),
                row.getString("description"),
                row.getString("category"),
                new Money(row.getLong("price_minor"), row.getString("currency")),
                attributes,
                row.getString("image_url"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                row.getLong("version"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, java.time.OffsetDateTime.class).toInstant();
    }
}
