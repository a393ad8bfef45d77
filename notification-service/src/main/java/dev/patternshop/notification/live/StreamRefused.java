package dev.patternshop.notification.live;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** A stream was not opened: a cap is reached. Answered as problem+json by {@link LiveStreamController}. */
final class StreamRefused extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final Duration retryAfter;

    private StreamRefused(HttpStatus status, String type, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.retryAfter = retryAfter;
    }

    /** 429: this customer's streams are all taken (close one: another tab, another device). */
    static StreamRefused customerFull(int cap) {
        return new StreamRefused(
                HttpStatus.TOO_MANY_REQUESTS,
                "too-many-streams",
                "At most " + cap + " live streams per customer are open at once; close one to open another.",
                null);
    }

    /** 503: this instance serves as many streams as it may; another instance (or this one, later) will. */
    static StreamRefused instanceFull(int cap, Duration retryAfter) {
        return new StreamRefused(
                HttpStatus.SERVICE_UNAVAILABLE,
                "streams-unavailable",
                "This instance serves its maximum of " + cap + " live streams; try again shortly.",
                retryAfter);
    }

    HttpStatus status() {
        return status;
    }

    String type() {
        return type;
    }

    /** When to try again, or null when waiting does not help by itself. */
    Duration retryAfter() {
        return retryAfter;
    }
}
