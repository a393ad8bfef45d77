package dev.patternshop.catalog.replication;

import dev.patternshop.replication.PoolTimeouts;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The primary's time limits (Boot builds its pool from {@code spring.datasource.*}; these are applied to it),
 * and what a client is told when the primary cannot be reached.
 *
 * @param connectTimeout   how long a request waits for a connection before it fails with 503
 * @param statementTimeout how long one statement may run on the server
 * @param socketTimeout    how long a call waits for a primary that stopped answering
 * @param retryAfter       the Retry-After of a 503 caused by the database
 */
@Validated
@ConfigurationProperties("catalog.primary")
public record PrimarySettings(
        @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
        Duration connectTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("3s")
        Duration statementTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("5s")
        Duration socketTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
        Duration retryAfter) {

    PoolTimeouts timeouts() {
        return PoolTimeouts.of(connectTimeout, statementTimeout, socketTimeout);
    }
}
