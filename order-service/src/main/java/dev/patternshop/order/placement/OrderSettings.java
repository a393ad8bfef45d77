package dev.patternshop.order.placement;

import dev.patternshop.order.domain.OrderLimits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rules for placing and listing orders ({@code orders.placement.*} in application.yml).
 *
 * @param maxLines              items per order
 * @param maxQuantity           units per item
 * @param idempotencyKeyRetention how long a key replays its first answer; after that it names a new order
 * @param keyCleanupInterval    the pause on each instance between the end of one expired-key cleanup and the start
 *                              of the next; one run deletes at most keyCleanupBatch keys per shard, so a larger
 *                              backlog takes several runs
 * @param keyCleanupBatch       at most this many keys per shard in one run (short transactions)
 * @param maxPageSize           largest page a listing returns
 * @param maxListingDepth       how far (page x size) a listing may reach: deep offsets cost every shard
 * @param scatterTimeout        how long the admin listing waits for every shard before it answers 503
 * @param maxPendingPerCustomer how many unfinished orders (not yet CONFIRMED or CANCELLED) one customer may have:
 *                              past it POST /orders is a 409, so
 *                              one client cannot fill a shard (or the saga's work) with orders
 * @param maxCustomerIdLength   longest token subject accepted as a customer id (it is stored and indexed)
 */
@Validated
@ConfigurationProperties("orders.placement")
public record OrderSettings(
        @Min(1) @DefaultValue("50") int maxLines,
        @Min(1) @DefaultValue("1000") int maxQuantity,

        @NotNull @DurationMin(millis = 1) @DefaultValue("24h")
        Duration idempotencyKeyRetention,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1m")
        Duration keyCleanupInterval,

        @Min(1) @DefaultValue("1000") int keyCleanupBatch,
        @Min(1) @DefaultValue("100") int maxPageSize,
        @Min(1) @DefaultValue("10000") int maxListingDepth,

        @NotNull @DurationMin(millis = 1) @DefaultValue("3s")
        Duration scatterTimeout,

        @Min(1) @DefaultValue("20") int maxPendingPerCustomer,
        @Min(1) @DefaultValue("200") int maxCustomerIdLength) {

    public OrderLimits limits() {
        return new OrderLimits(maxLines, maxQuantity);
    }
}
