package dev.patternshop.infra.embedded;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds; on time-out the message says what was awaited and why it may have failed. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {}

    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while waiting for " + what, e);
            }
        }
        throw new InfrastructureException(
                what + " did not happen within " + timeout + System.lineSeparator() + diagnostics.get());
    }

    /** Waits a fixed time; an interrupt ends the wait with an exception, as it ends {@link #until}. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while pausing", e);
        }
    }
}
