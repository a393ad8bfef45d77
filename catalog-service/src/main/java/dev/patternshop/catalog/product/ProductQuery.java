package dev.patternshop.catalog.product;

import java.util.Locale;
import java.util.Set;

/** A page of the product list: optional filters, one sort field from an allow-list, a capped page size. */
public record ProductQuery(
        String category,
        Long minPriceMinor,
        Long maxPriceMinor,
        SortField sort,
        boolean descending,
        int page,
        int size) {

    public static final int MAX_PAGE_SIZE = 100;
    /** Deep offsets make Postgres read and discard every row before them; past this, filter instead. */
    public static final int MAX_OFFSET = 10_000;

    public enum SortField {
        NAME("name"),
        PRICE("price"),
        CREATED_AT("createdAt");

        private final String apiName;

        SortField(String apiName) {
            this.apiName = apiName;
        }

        public static SortField fromApi(String name) {
            for (SortField field : values()) {
                if (field.apiName.equals(name)) {
                    return field;
                }
            }
            throw new InvalidProduct("sort", "must be one of name, price, createdAt");
        }
    }

    public ProductQuery {
        if (minPriceMinor != null && minPriceMinor < 0) {
            throw new InvalidProduct("minPrice", "must not be negative");
        }
        if (maxPriceMinor != null && maxPriceMinor < 0) {
            throw new InvalidProduct("maxPrice", "must not be negative");
        }
        if (minPriceMinor != null && maxPriceMinor != null && minPriceMinor > maxPriceMinor) {
            throw new InvalidProduct("minPrice", "must not be greater than maxPrice");
        }
        if (page < 0) {
            throw new InvalidProduct("page", "must not be negative");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidProduct("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        if ((long) page * size > MAX_OFFSET) {
            throw new InvalidProduct("page", "reaches past the first " + MAX_OFFSET + " products; narrow the filters");
        }
        if (category != null && !category.matches("[a-z][a-z0-9-]{1,59}")) {
            throw new InvalidProduct("category", "must be 2-60 lower-case letters, digits or dashes");
        }
        sort = sort == null ? SortField.CREATED_AT : sort;
    }

    /** Parses "field" or "field,asc|desc" as in Spring Data's convention. */
    public static ProductQuery of(String category, Long minPrice, Long maxPrice, String sort, int page, int size) {
        SortField field = SortField.CREATED_AT;
        boolean descending = false;
        if (sort != null && !sort.isBlank()) {
            String[] parts = sort.split(",", -1);
            field = SortField.fromApi(parts[0].strip());
            if (parts.length > 2
                    || (parts.length == 2
                            && !DIRECTIONS.contains(parts[1].strip().toLowerCase(Locale.ROOT)))) {
                throw new InvalidProduct("sort", "direction must be asc or desc");
            }
            descending = parts.length == 2 && parts[1].strip().equalsIgnoreCase("desc");
        }
        return new ProductQuery(category, minPrice, maxPrice, field, descending, page, size);
    }

    private static final Set<String> DIRECTIONS = Set.of("asc", "desc");
}
