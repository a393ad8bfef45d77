package dev.patternshop.catalog.product;

import dev.patternshop.servicedefaults.ControlCharacters;

/** A full-text search: free text as a user types it (websearch syntax: quotes, or, -exclude), paged. */
public record SearchQuery(String text, int page, int size) {

    public static final int MAX_TEXT_LENGTH = 200;

    public SearchQuery {
        if (text == null || text.isBlank()) {
            throw new InvalidProduct("q", "is required");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidProduct("q", "must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        if (ControlCharacters.contains(text, true)) {
            throw new InvalidProduct("q", ControlCharacters.RULE);
        }
        text = text.strip();
        if (page < 0 || size < 1 || size > ProductQuery.MAX_PAGE_SIZE || (long) page * size > ProductQuery.MAX_OFFSET) {
            throw new InvalidProduct(
                    "page",
                    "and size must give a page within the first " + ProductQuery.MAX_OFFSET + " results, size 1-"
                            + ProductQuery.MAX_PAGE_SIZE);
        }
    }
}
