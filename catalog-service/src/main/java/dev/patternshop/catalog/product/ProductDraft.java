package dev.patternshop.catalog.product;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/** What an admin sends to create or replace a product; valid by construction. */
public record ProductDraft(String sku, String name, String description, String category, Money price,
                           Map<String, String> attributes, String imageUrl) {

    static final int MAX_ATTRIBUTES = 20;
    private static final Pattern SKU = Pattern.compile("[A-Z0-9][A-Z0-9-]{2,31}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]{1,59}");

    public ProductDraft {
        require(sku != null && SKU.matcher(sku).matches(), "sku", "must be 3-32 upper-case letters, digits or dashes");
        require(name != null && !name.isBlank() && name.length() <= 200, "name", "must be 1-200 characters");
        description = description == null ? "" : description;
        require(description.length() <= 4000, "description", "must be at most 4000 characters");
        require(category != null && CATEGORY.matcher(category).matches(), "category",
                "must be 2-60 lower-case letters, digits or dashes");
        require(price != null, "price", "is required");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        require(attributes.size() <= MAX_ATTRIBUTES, "attributes", "must have at most " + MAX_ATTRIBUTES + " entries");
        attributes.forEach((key, value) -> require(key.length() <= 40 && value != null && value.length() <= 200,
                "attributes", "keys must be at most 40 and values at most 200 characters"));
        require(imageUrl == null || isHttpUrl(imageUrl), "imageUrl", "must be an absolute http(s) URL");
    }

    private static boolean isHttpUrl(String url) {
        if (url.length() > 500) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean rule, String field, String message) {
        if (!rule) {
            throw new InvalidProduct(field, message);
        }
    }
}
