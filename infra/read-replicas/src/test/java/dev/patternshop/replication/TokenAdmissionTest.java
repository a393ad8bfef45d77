package dev.patternshop.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.replication.TokenAdmission.WhenPrimaryUnreachable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class TokenAdmissionTest {

    private static final long PRIMARY_AT = 1_000;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ReplicaMonitor noReplica = new ReplicaMonitor("db", null, null, 0, meters);
    private final AtomicInteger looks = new AtomicInteger();

    @Test
    void aTokenUpToThePrimarysPositionIsAdmittedAndOnePastItRefused() {
        TokenAdmission tokens = admission(() -> PRIMARY_AT, WhenPrimaryUnreachable.REFUSE);

        assertThat(tokens.admit(0)).isZero();
        assertThat(tokens.admit(PRIMARY_AT)).isEqualTo(PRIMARY_AT);
        assertThatThrownBy(() -> tokens.admit(PRIMARY_AT + 1)).isInstanceOf(TokenAheadOfPrimary.class);
    }

    @Test
    void aTokenAtOrBelowAKnownWriteNeedsNoLookAtThePrimary() {
        TokenAdmission tokens = admission(() -> PRIMARY_AT, WhenPrimaryUnreachable.REFUSE);
        tokens.written(500);

        assertThat(tokens.admit(0)).isZero();
        assertThat(tokens.admit(500)).isEqualTo(500);
        assertThat(looks).hasValue(0);
    }

    @Test
    void refusePolicyRefusesATokenAheadOfEverythingKnownWhileThePrimaryIsDown() {
        TokenAdmission tokens = admission(TokenAdmissionTest::primaryDown, WhenPrimaryUnreachable.REFUSE);
        tokens.written(500);

        assertThat(tokens.admit(500)).isEqualTo(500);
        assertThatThrownBy(() -> tokens.admit(501)).isInstanceOf(TokenAheadOfPrimary.class);
    }

    @Test
    void serveFromReplicaPolicyPassesOnThePrimarysFailureWhenNoReplicaServesReads() {
        TokenAdmission tokens = admission(TokenAdmissionTest::primaryDown, WhenPrimaryUnreachable.SERVE_FROM_REPLICA);

        assertThatThrownBy(() -> tokens.admit(501)).isInstanceOf(DataAccessResourceFailureException.class);
    }

    private TokenAdmission admission(LongSupplier primaryPosition, WhenPrimaryUnreachable policy) {
        ReadRouting routing = new ReadRouting("db", null, null, noReplica, meters) {
            @Override
            public long primaryPosition() {
                looks.incrementAndGet();
                return primaryPosition.getAsLong();
            }
        };
        return new TokenAdmission(routing, noReplica, Duration.ofSeconds(1), policy);
    }

    private static long primaryDown() {
        throw new DataAccessResourceFailureException("primary down");
    }
}
