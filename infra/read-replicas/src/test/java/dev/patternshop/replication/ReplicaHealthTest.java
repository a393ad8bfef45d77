package dev.patternshop.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

class ReplicaHealthTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void oneDatabaseReportsWhereReadsGoAtTheTopLevelAndStaysUp() {
        ReplicaMonitor catalog = new ReplicaMonitor("catalog", null, null, 0, meters);

        Health health = ReplicaHealth.of(catalog).health();

        assertThat(health.getStatus().getCode()).isEqualTo("UP");
        assertThat(health.getDetails())
                .containsEntry("readsGoTo", "primary")
                .containsEntry("state", ReplicaMonitor.State.UNCONFIGURED)
                .containsEntry("lagBytes", -1L);
    }

    @Test
    void severalDatabasesReportOneEntryEachUnderTheirName() {
        ReplicaMonitor a = new ReplicaMonitor("orders-a", null, null, 0, meters);
        ReplicaMonitor b = new ReplicaMonitor("orders-b", null, null, 0, meters);

        Health health = ReplicaHealth.perDatabase(List.of(a, b)).health();

        assertThat(health.getStatus().getCode()).isEqualTo("UP");
        assertThat(health.getDetails()).containsOnlyKeys("orders-a", "orders-b");
        assertThat(health.getDetails().get("orders-b"))
                .isEqualTo(Map.of("state", ReplicaMonitor.State.UNCONFIGURED, "lagBytes", -1L, "readsGoTo", "primary"));
    }
}
