package dev.patternshop.order.domain;

import java.time.Instant;

/**
 * One line of the saga's log, as {@code GET /orders/{id}} shows it: a step ({@code reserve-stock},
 * {@code authorize-payment}, {@code commit-stock}, {@code release-stock}, {@code void-payment}, {@code confirm},
 * {@code cancel}), what happened to it ({@code requested}, {@code resent}, {@code done}, {@code failed},
 * {@code retry-scheduled}) and when. The detail is what a participant said, or the attempt number.
 */
public record SagaStep(String step, String outcome, String detail, Instant at) {

    public static final String RESERVE_STOCK = "reserve-stock";
    public static final String AUTHORIZE_PAYMENT = "authorize-payment";
    public static final String COMMIT_STOCK = "commit-stock";
    public static final String RELEASE_STOCK = "release-stock";
    public static final String VOID_PAYMENT = "void-payment";
    public static final String CONFIRM = "confirm";
    public static final String CANCEL = "cancel";

    public static final String REQUESTED = "requested";
    public static final String RESENT = "resent";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String RETRY_SCHEDULED = "retry-scheduled";
}
