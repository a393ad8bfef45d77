package dev.patternshop.catalog.replication;

import dev.patternshop.replication.PoolTimeouts;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The streaming replica that serves reads. With no URL, every read goes to the primary.
 *
 * @param maxLagBytes      past this much unreplayed WAL the replica is "behind" and reads go to the primary
 * @param checkInterval    how often the lag is measured
 * @param connectTimeout   how long a read waits for a replica connection before it falls back to the primary
 * @param statementTimeout how long one statement may run on the replica before it falls back
 * @param socketTimeout    how long a read (or the lag check) waits for a replica that stopped answering
 */
@ConfigurationProperties("catalog.replica")
public record ReplicaSettings(String url, String username, String password,
                              @DefaultValue("1048576") long maxLagBytes,
                              @DefaultValue("1s") Duration checkInterval,
                              @DefaultValue("500ms") Duration connectTimeout,
                              @DefaultValue("1s") Duration statementTimeout,
                              @DefaultValue("2s") Duration socketTimeout,
                              @DefaultValue("8") int poolSize) {

    PoolTimeouts timeouts() {
        return PoolTimeouts.of(connectTimeout, statementTimeout, socketTimeout);
    }

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
