package dev.patternshop.order.saga;

import dev.patternshop.order.domain.SagaPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The checkout saga, {@code orders.saga.*}: its clocks and bounds (see {@link SagaPolicy}) and its supervisor.
 *
 * @param stepTimeout       a step not answered within this is sent again (a new message id; receivers dedupe by the
 *                          order, not by the message)
 * @param maxAttempts       sends of a step before the pivot (first included) before the order is cancelled
 * @param retryBackoff      first wait after a retryable payment failure, doubled per attempt (capped at a step)
 * @param orderDeadline     an order not past its pivot by then is cancelled and compensated
 * @param compensationRetry an unacknowledged compensation is sent again after this
 * @param pollAfter         the Retry-After of GET /orders/{id} while the order is not final
 * @param supervisor        how the supervisor looks for sagas whose time has come
 */
@Validated
@ConfigurationProperties("orders.saga")
public record SagaSettings(
        @NotNull @DefaultValue("10s") Duration stepTimeout,
        @Min(1) @Max(100) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("1s") Duration retryBackoff,
        @NotNull @DefaultValue("2m") Duration orderDeadline,
        @NotNull @DefaultValue("10s") Duration compensationRetry,
        @NotNull @DefaultValue("1s") Duration pollAfter,
        @Valid @DefaultValue Supervisor supervisor) {

    /**
     * @param enabled  off in tests that play the supervisor themselves
     * @param interval pause between two looks (every instance looks; a saga is changed under its row lock, so two
     *                 instances never both act on it)
     * @param batch    at most this many due sagas per cluster in one look (each in its own transaction)
     */
    public record Supervisor(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("1s") Duration interval,
            @Min(1) @Max(10_000) @DefaultValue("100") int batch) {}

    public SagaPolicy policy() {
        return new SagaPolicy(stepTimeout, maxAttempts, retryBackoff, orderDeadline, compensationRetry);
    }
}
