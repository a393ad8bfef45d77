package dev.patternshop.servicedefaults;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose path or query string decodes to a control character (a NUL in a search term reached
 * Postgres and came back as a 500), or whose percent-encoding is broken: 400 problem+json, nothing runs.
 */
public class ControlCharacterFilter extends OncePerRequestFilter {

    static final String TYPE = "invalid-characters";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        try {
            if (controlIn(request.getRequestURI(), false) || (query != null && controlIn(query, true))) {
                ServletProblems.write(
                        request,
                        response,
                        HttpStatus.BAD_REQUEST,
                        TYPE,
                        "The path or query string contains a control character.");
                return;
            }
        } catch (IllegalArgumentException malformed) {
            ServletProblems.write(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    TYPE,
                    "The path or query string is not valid percent-encoding.");
            return;
        }
        chain.doFilter(request, response);
    }

    /** {@code plusIsSpace}: in a query string '+' is a space; in a path it is a plus (either way no control). */
    private static boolean controlIn(String raw, boolean plusIsSpace) {
        return ControlCharacters.contains(decode(raw, plusIsSpace), true);
    }

    /**
     * Percent-decoding that refuses what the container would choke on later: a broken escape, or bytes that are
     * not UTF-8 (Tomcat's parameter parsing throws on those, which surfaced as a 500).
     */
    static String decode(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("a truncated percent-escape");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("a broken percent-escape");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw new IllegalArgumentException("percent-escapes that are not UTF-8", notUtf8);
        }
    }
}
