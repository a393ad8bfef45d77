package dev.patternshop.servicedefaults;

/**
 * Control characters are never data a shop needs, and some are poison further in (Postgres refuses a NUL in
 * text and answers an error that would surface as a 500). Input is checked where it enters: query strings and
 * paths ({@link ControlCharacterFilter}), JSON strings ({@link ControlCharacterStrings}), the gateway's paths.
 */
public final class ControlCharacters {

    private ControlCharacters() {}

    /** True when {@code text} holds a C0 control character or DEL; TAB, LF and CR count only if {@code strict}. */
    public static boolean contains(CharSequence text, boolean strict) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0x7F || (c < 0x20 && (strict || (c != '\t' && c != '\n' && c != '\r')))) {
                return true;
            }
        }
        return false;
    }
}
