package dev.patternshop.catalog.product;

import dev.patternshop.servicedefaults.ControlCharacters;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/** What an admin sends to create or replace a product; valid by construction. */
public record ProductDraft(
        String sku,
        String name,
        String description,
        String category,
        Money price,
        Map<String, String> attributes,
        String imageUrl) {

    static final int MAX_ATTRIBUTES = 20;
    static final int MAX_ATTRIBUTE_KEY = 40;
    static final int MAX_ATTRIBUTE_VALUE = 200;
    private static final Pattern SKU = Pattern.compile("[A-Z0-9][A-Z0-9-]{2,31}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]{1,59}");

    public ProductDraft {
        require(sku != null && SKU.matcher(sku).matches(), "sku", "must be 3-32 upper-case letters, digits or dashes");
        require(name != null && !name.isBlank() && name.length() <= 200, "name", "must be 1-200 characters");
        require(!ControlCharacters.contains(name, true), "name", ControlCharacters.RULE);
        description = description == null ? "" : description;
        require(description.length() <= 4000, "description", "must be at most 4000 characters");
        require(!ControlCharacters.contains(description, false), "description", ControlCharacters.RULE);
        require(
                category != null && CATEGORY.matcher(category).matches(),
                "category",
                "must be 2-60 lower-case letters, digits or dashes");
        require(price != null, "price", "is required");
        // Checked before the copy: Map.copyOf throws a bare NullPointerException on a null key or value.
        if (attributes != null) {
            require(
                    attributes.size() <= MAX_ATTRIBUTES,
                    "attributes",
                    "must have at most " + MAX_ATTRIBUTES + " entries");
            attributes.forEach((key, value) -> require(
                    key != null
                            && !key.isEmpty()
                            && key.length() <= MAX_ATTRIBUTE_KEY
                            && value != null
                            && value.length() <= MAX_ATTRIBUTE_VALUE
                            && !ControlCharacters.contains(key, true)
                            && !ControlCharacters.contains(value, true),
                    "attributes",
                    "keys must be 1-" + MAX_ATTRIBUTE_KEY + " and values 0-" + MAX_ATTRIBUTE_VALUE
                            + " characters, none of them null or a control character"));
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        require(imageUrl == null || isHttpUrl(imageUrl), "imageUrl", "must be an absolute http(s) URL");
    }

    private static boolean isHttpUrl(String url) {
        if (url.length() > 500) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute()
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
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
