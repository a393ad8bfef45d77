package dev.patternshop.catalog.product;

/**
 * What free text may contain. Postgres refuses a NUL in text and jsonb (a server error, not the client's
 * fault as far as it knows), and no product needs other control characters; a description may have lines.
 */
final class Text {

    static final String NO_CONTROL_CHARACTERS = "must not contain control characters";

    private Text() {}

    static boolean isPlain(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreakOrTab = c == '\n' || c == '\r' || c == '\t';
            if (Character.isISOControl(c) && !(multiline && lineBreakOrTab)) {
                return false;
            }
        }
        return true;
    }
}
