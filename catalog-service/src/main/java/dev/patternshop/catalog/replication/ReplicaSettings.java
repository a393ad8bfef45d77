package dev.patternshop.catalog.replication;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The streaming replica that serves reads. With no URL, every read goes to the primary.
 *
 * @param maxLagBytes   past this much unreplayed WAL the replica is "behind" and reads go to the primary
 * @param checkInterval how often the lag is measured
 * @param connectTimeout how long a read waits for a replica connection before it falls back
 */
@ConfigurationProperties("catalog.replica")
public record ReplicaSettings(String url, String username, String password,
                              @DefaultValue("1048576") long maxLagBytes,
                              @DefaultValue("1s") Duration checkInterval,
                              @DefaultValue("500ms") Duration connectTimeout,
                              @DefaultValue("8") int poolSize) {

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
