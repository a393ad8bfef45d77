package dev.patternshop.catalog.replication;

import dev.patternshop.replication.PoolTimeouts;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The primary's time limits (Boot builds its pool from {@code spring.datasource.*}; these are applied to it),
 * and what a client is told when the primary cannot be reached.
 *
 * @param connectTimeout   how long a request waits for a connection before it fails with 503
 * @param statementTimeout how long one statement may run on the server
 * @param socketTimeout    how long a call waits for a primary that stopped answering
 * @param retryAfter       the Retry-After of a 503 caused by the database
 */
@ConfigurationProperties("catalog.primary")
public record PrimarySettings(@DefaultValue("2s") Duration connectTimeout,
                              @DefaultValue("3s") Duration statementTimeout,
                              @DefaultValue("5s") Duration socketTimeout,
                              @DefaultValue("1s") Duration retryAfter) {

    PoolTimeouts timeouts() {
        return PoolTimeouts.of(connectTimeout, statementTimeout, socketTimeout);
    }
}
