package dev.patternshop.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.infra.embedded.Ports;
import dev.patternshop.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Where reads go, on a real primary and its streaming replica; a primary that "went away" is an address
 * nothing listens on, so the shared test servers keep running.
 */
class ReadRoutingIT {

    private static final long MAX_LAG_BYTES = 1024 * 1024;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TestInfrastructure.PostgresEndpoints database;
    private JdbcClient primary;
    private JdbcClient replica;

    @BeforeEach
    void createTable() {
        database = TestInfrastructure.shared().postgres("read_routing");
        assumeThat(database.replicaUrl())
                .as("a streaming replica (the embedded test infrastructure has one)")
                .isNotNull();
        primary = client(database.primaryUrl());
        replica = client(database.replicaUrl());
        primary.sql("create table if not exists note (id bigint primary key)").update();
    }

    @Test
    void withBothUpReadsGoToTheReplicaOnceItHasReplayedWhatTheReaderNeeds() {
        Written written = insertNote();
        ReplicaMonitor monitor = new ReplicaMonitor("read_routing", primary, replica, MAX_LAG_BYTES, meters);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            monitor.check();
            assertThat(monitor.state()).isEqualTo(ReplicaMonitor.State.USABLE);
            assertThat(monitor.canServe(written.position())).isTrue();
        });
        assertThat(monitor.canServe(Long.MAX_VALUE))
                .as("a position nobody has written yet")
                .isFalse();
    }

    @Test
    void withThePrimaryGoneTheReplicaServesWhatItHasReplayedAndNothingPastIt() {
        Written written = insertNote();
        awaitReplayed(written.position());
        JdbcClient gonePrimaryClient =
                client("jdbc:postgresql://127.0.0.1:" + Ports.free() + "/read_routing?connectTimeout=1");
        ReplicaMonitor monitor = new ReplicaMonitor("read_routing", gonePrimaryClient, replica, MAX_LAG_BYTES, meters);
        ReadRouting routing = new ReadRouting("read_routing", gonePrimaryClient, replica, monitor, meters);

        monitor.check();

        assertThat(monitor.state()).isEqualTo(ReplicaMonitor.State.PRIMARY_DOWN);
        assertThat(routing.<Long>read(written.position(), db -> countNotes(db, written)))
                .as("the reader's own write, from the replica")
                .isOne();
        assertThatThrownBy(() -> routing.read(
                        Long.MAX_VALUE,
                        db -> db.sql("select 1").query(Integer.class).single()))
                .as("needs what only the primary could have: it goes there, and fails with it")
                .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(meters.get("db.replica.usable")
                        .tag("database", "read_routing")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void withTheReplicaGoneEveryReadGoesToThePrimary() {
        Written written = insertNote();
        JdbcClient goneReplica =
                client("jdbc:postgresql://127.0.0.1:" + Ports.free() + "/read_routing?connectTimeout=1");
        ReplicaMonitor monitor = new ReplicaMonitor("read_routing", primary, goneReplica, MAX_LAG_BYTES, meters);
        ReadRouting routing = new ReadRouting("read_routing", primary, goneReplica, monitor, meters);

        monitor.check();

        assertThat(monitor.state()).isEqualTo(ReplicaMonitor.State.DOWN);
        assertThat(routing.<Long>read(0, db -> countNotes(db, written))).isOne();
        assertThat(meters.get("db.reads").tag("target", "primary").counter().count())
                .isOne();
    }

    /** A committed row, and the primary's log position after the commit. */
    private record Written(long id, long position) {}

    private Written insertNote() {
        long id = System.nanoTime();
        primary.sql("insert into note (id) values (?)").param(id).update();
        return new Written(
                id,
                LogPosition.parse(primary.sql("select pg_current_wal_lsn()::text")
                        .query(String.class)
                        .single()));
    }

    private long countNotes(JdbcClient db, Written note) {
        return db.sql("select count(*) from note where id = ?")
                .param(note.id())
                .query(Long.class)
                .single();
    }

    private void awaitReplayed(long position) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> LogPosition.parse(replica.sql("select coalesce(pg_last_wal_replay_lsn(), '0/0')::text")
                                .query(String.class)
                                .single())
                        >= position);
    }

    private JdbcClient client(String url) {
        return JdbcClient.create(new DriverManagerDataSource(url, database.username(), database.password()));
    }
}
