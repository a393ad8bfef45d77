package dev.patternshop.servicedefaults;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problems as every Patternshop component writes them: a type under {@value #TYPE_BASE}, and JSON
 * written by hand for the places where no message converter runs (servlet filters, security handlers,
 * gateway filters), so that an error path can never fail on serialization.
 */
public final class ProblemJson {

    public static final String TYPE_BASE = "https://patternshop.dev/problems/";

    /**
     * The detail of a 404 for a path nothing serves. Spring's own ("No static resource <path>.") repeats what the
     * client sent and names a mechanism no Patternshop component offers.
     */
    public static final String NOT_FOUND_DETAIL = "Nothing is served at this path.";

    private ProblemJson() {}

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    /** A problem whose type names the status, e.g. {@code .../problems/service-unavailable}. */
    public static ProblemDetail problem(HttpStatus status, String detail) {
        return problem(status, status.name().toLowerCase().replace('_', '-'), detail);
    }

    public static ProblemDetail problem(HttpStatus status, String typeSlug, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(typeSlug));
        return problem;
    }

    /** type, title, status, detail and instance; extra properties are for controllers (Jackson) only. */
    public static String toJson(ProblemDetail problem) {
        return "{\"type\":" + quote(String.valueOf(problem.getType()))
                + ",\"title\":" + quote(problem.getTitle())
                + ",\"status\":" + problem.getStatus()
                + ",\"detail\":" + quote(problem.getDetail())
                + (problem.getInstance() == null
                        ? ""
                        : ",\"instance\":" + quote(problem.getInstance().toString()))
                + "}";
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
