package dev.patternshop.catalog.replication;

import dev.patternshop.replication.PoolTimeouts;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The streaming replica that serves reads. With no URL, every read goes to the primary.
 *
 * @param maxLagBytes      past this much unreplayed WAL the replica is "behind" and reads go to the primary
 * @param checkInterval    how often the lag is measured
 * @param connectTimeout   how long a read waits for a replica connection before it falls back to the primary
 * @param statementTimeout how long one statement may run on the replica before it falls back
 * @param socketTimeout    how long a read (or the lag check) waits for a replica that stopped answering
 */
@Validated
@ConfigurationProperties("catalog.replica")
public record ReplicaSettings(
        String url,
        String username,
        String password,
        @PositiveOrZero @DefaultValue("1048576") long maxLagBytes,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
        Duration checkInterval,

        @NotNull @DurationMin(millis = 1) @DefaultValue("500ms")
        Duration connectTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
        Duration statementTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
        Duration socketTimeout,

        @Min(1) @DefaultValue("8") int poolSize) {

    PoolTimeouts timeouts() {
        return PoolTimeouts.of(connectTimeout, statementTimeout, socketTimeout);
    }

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
