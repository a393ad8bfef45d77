package dev.patternshop.servicedefaults;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/** Names the JSON field a body failed at ({@code items[0].quantity}), without repeating the input. */
final class JsonField {

    // Only names a contract could have: a client's own odd key is never echoed back.
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private JsonField() {}

    /** The path of the first Jackson error in the cause chain, or {@code null} when there is none to name. */
    static String where(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                return path(jackson);
            }
        }
        return null;
    }

    private static String path(JacksonException failure) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : failure.getPath()) {
            if (step.getPropertyName() != null) {
                if (!PLAIN_NAME.matcher(step.getPropertyName()).matches()) {
                    return null;
                }
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }
}
