package dev.patternshop.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolTimeoutsTest {

    @Test
    void everyDriverLimitIsAStringBecauseHikariDropsOtherTypes() {
        HikariConfig pool = new HikariConfig();

        PoolTimeouts.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .applyTo(pool);

        assertThat(pool.getConnectionTimeout()).isEqualTo(500);
        assertThat(pool.getValidationTimeout()).isEqualTo(PoolTimeouts.HIKARI_FLOOR.toMillis());
        assertThat(pool.getDataSourceProperties())
                .containsEntry("connectTimeout", "1")
                .containsEntry("loginTimeout", "1")
                .containsEntry("socketTimeout", "2")
                .containsEntry("options", "-c statement_timeout=1000");
        assertThat(pool.getDataSourceProperties().values()).allMatch(String.class::isInstance);
    }

    @Test
    void withoutAStatementTimeoutTheServersOwnApplies() {
        HikariConfig pool = new HikariConfig();

        new PoolTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), null, Duration.ofSeconds(2)).applyTo(pool);

        assertThat(pool.getValidationTimeout()).isEqualTo(1000);
        assertThat(pool.getDataSourceProperties()).doesNotContainKey("options").containsEntry("socketTimeout", "2");
    }

    @Test
    void refusesLimitsThatWouldNotHoldAsConfigured() {
        assertThatIllegalArgumentException()
                .as("Hikari would replace it with its default")
                .isThrownBy(
                        () -> PoolTimeouts.of(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThatIllegalArgumentException()
                .as("the socket would fire before the server's cancel")
                .isThrownBy(() -> PoolTimeouts.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2)));
        assertThatIllegalArgumentException()
                .as("PgJDBC counts whole seconds")
                .isThrownBy(() -> PoolTimeouts.of(Duration.ofSeconds(1), null, Duration.ofMillis(500)));
        assertThatIllegalArgumentException()
                .as("one check of a hung server would use the whole wait")
                .isThrownBy(() ->
                        new PoolTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1), null, Duration.ofSeconds(2)));
    }
}
