package dev.patternshop.servicedefaults;

import java.time.Duration;

/** The {@code Retry-After} header's value for a wait: whole seconds (RFC 9110), rounded up, at least one. */
public final class RetryAfter {

    private RetryAfter() {}

    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public static String header(Duration wait) {
        return Long.toString(seconds(wait));
    }
}
