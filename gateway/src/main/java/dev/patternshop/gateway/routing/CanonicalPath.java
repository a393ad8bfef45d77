package dev.patternshop.gateway.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * One spelling per path (RFC 3986, 6.2.2), so that every rule at the edge, the router and the service behind
 * it read the same path. {@code /api/catalog/%61ctuator//prometheus} and {@code /api/catalog/actuator/prometheus}
 * name one resource: a rule that compared raw strings let the first one past the block on internal endpoints
 * (and {@code /auth/%74oken} past the login limit), while the router and the service decoded it.
 *
 * <p>Canonical form: percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) decoded, other escapes
 * in upper case, runs of slashes collapsed. Refused (empty result): anything that could decode to a different
 * path further in: encoded slash, backslash or percent sign (double encoding), a raw backslash, control characters
 * raw or encoded, dot segments, path parameters ({@code ;}), broken escapes.
 */
public final class CanonicalPath {

    private CanonicalPath() {}

    /** The canonical spelling of a raw (still encoded) path, or empty when the path is refused. */
    public static Optional<String> of(String rawPath) {
        StringBuilder out = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()
                        || Character.digit(rawPath.charAt(i + 1), 16) < 0
                        || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                int decoded = Integer.parseInt(rawPath.substring(i + 1, i + 3), 16);
                i += 2;
                // '%' too: a double-encoded path (%2561) would mean another path to whatever decodes it twice.
                if (decoded < 0x20 || decoded == 0x7F || decoded == '/' || decoded == '\\' || decoded == '%') {
                    return Optional.empty();
                }
                if (unreserved((char) decoded)) {
                    out.append((char) decoded);
                } else {
                    out.append('%').append(String.format("%02X", decoded).toUpperCase(Locale.ROOT));
                }
            } else if (c < 0x20 || c == 0x7F || c == '\\' || c == ';') {
                return Optional.empty();
            } else if (c == '/' && !out.isEmpty() && out.charAt(out.length() - 1) == '/') {
                continue;
            } else {
                out.append(c);
            }
        }
        String path = out.toString();
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(path.isEmpty() ? "/" : path);
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
