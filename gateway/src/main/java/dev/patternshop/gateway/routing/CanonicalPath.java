package dev.patternshop.gateway.routing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * raw or encoded, dot segments, path parameters ({@code ;}), broken escapes, and escapes whose bytes are not UTF-8
 * (each server behind would make something different of them, or refuse them in its own format).
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
        if (!decodesAsUtf8(path)) {
            return Optional.empty();
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(path.isEmpty() ? "/" : path);
    }

    /** Whether the bytes the escapes stand for (with the characters between them) are well-formed UTF-8. */
    private static boolean decodesAsUtf8(String canonical) {
        if (canonical.indexOf('%') < 0) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(canonical.length());
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(canonical, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
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
