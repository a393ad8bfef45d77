package dev.patternshop.servicedefaults;

/**
 * Control characters are never data a shop needs, and some are poison further in (Postgres refuses a NUL in text and
 * answers an error that would surface as a 500). One rule, plain Java so that domains use it too, checked where input
 * enters: query strings and paths ({@link ControlCharacterFilter}), JSON strings ({@link ControlCharacterStrings}),
 * and the domains' own invariants (product text, customer ids).
 */
public final class ControlCharacters {

    /** The rule as a validation message names it. */
    public static final String RULE = "must not contain control characters";

    private ControlCharacters() {}

    /**
     * True when {@code text} holds a control character (C0, DEL, C1); TAB, LF and CR count only if {@code strict}
     * (a description may have lines; a name, a key or a query may not).
     */
    public static boolean contains(CharSequence text, boolean strict) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreakOrTab = c == '\t' || c == '\n' || c == '\r';
            if (Character.isISOControl(c) && (strict || !lineBreakOrTab)) {
                return true;
            }
        }
        return false;
    }
}
