package dev.patternshop.notification.webhook;

/**
 * What one attempt came to.
 *
 * @param statusCode the receiver's status, null when no answer came
 * @param error      why it failed, null when delivered
 */
record AttemptOutcome(boolean delivered, Integer statusCode, long latencyMillis, String error) {

    static AttemptOutcome answered(int statusCode, long latencyMillis, boolean delivered) {
        return new AttemptOutcome(
                delivered, statusCode, latencyMillis, delivered ? null : "the receiver answered " + statusCode);
    }

    static AttemptOutcome failed(String error, long latencyMillis) {
        return new AttemptOutcome(false, null, latencyMillis, error);
    }
}
