package dev.patternshop.inventory.reservation;

import dev.patternshop.inventory.domain.ReservationRules;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reservations ({@code inventory.reservations.*} in application.yml).
 *
 * @param ttl            how long a reservation holds its units without a commit; then the expiry job releases it
 * @param expiryInterval the pause on each instance between the end of one expiry run and the start of the next
 * @param expiryBatch    reservations released per transaction (short transactions; a run repeats until done)
 * @param maxLines       lines per reserve; more is a rejection (INVALID_REQUEST)
 * @param maxQuantity    units per line; more is a rejection (INVALID_REQUEST)
 */
@Validated
@ConfigurationProperties("inventory.reservations")
public record ReservationSettings(
        @NotNull @DurationMin(seconds = 1) @DefaultValue("15m")
        Duration ttl,

        @NotNull @DurationMin(millis = 10) @DefaultValue("5s")
        Duration expiryInterval,

        @Min(1) @DefaultValue("100") int expiryBatch,
        @Min(1) @DefaultValue("50") int maxLines,
        @Min(1) @DefaultValue("1000") int maxQuantity) {

    public ReservationRules rules() {
        return new ReservationRules(maxLines, maxQuantity);
    }
}
