package dev.patternshop.replication;

import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The routing state as health details: the replica's state, its lag, and where reads go now. Always UP: a service
 * serves without its replicas (reads go to the primary), so a replica's outage must not take the service out of
 * its load balancer. A single database reports its details at the top level; a sharded service one entry per database.
 */
public final class ReplicaHealth implements HealthIndicator {

    private final List<ReplicaMonitor> monitors;
    private final boolean perDatabase;

    private ReplicaHealth(List<ReplicaMonitor> monitors, boolean perDatabase) {
        this.monitors = List.copyOf(monitors);
        this.perDatabase = perDatabase;
    }

    /** Details {@code state}, {@code lagBytes}, {@code readsGoTo} for one database. */
    public static ReplicaHealth of(ReplicaMonitor monitor) {
        return new ReplicaHealth(List.of(monitor), false);
    }

    /** The same details per database, under its name. */
    public static ReplicaHealth perDatabase(List<ReplicaMonitor> monitors) {
        return new ReplicaHealth(monitors, true);
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        if (!perDatabase) {
            return health.withDetails(details(monitors.getFirst())).build();
        }
        for (ReplicaMonitor monitor : monitors) {
            health.withDetail(monitor.database(), details(monitor));
        }
        return health.build();
    }

    private static Map<String, Object> details(ReplicaMonitor monitor) {
        return Map.of(
                "state",
                monitor.state(),
                "lagBytes",
                monitor.lagBytes(),
                "readsGoTo",
                monitor.readsGoToReplica() ? "replica" : "primary");
    }
}
