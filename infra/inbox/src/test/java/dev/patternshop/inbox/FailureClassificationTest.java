package dev.patternshop.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.events.Envelope;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class FailureClassificationTest {

    @Test
    void transientFailuresAreRetriedWhereverTheyAreInTheCauseChain() {
        List<Throwable> transientFailures = List.of(
                new RetryableMessageException("the provider is down"),
                new TransientDataAccessResourceException("failover"),
                new PessimisticLockingFailureException("deadlock detected"),
                new QueryTimeoutException("statement timeout"),
                new CannotGetJdbcConnectionException("pool exhausted"),
                new IllegalStateException("wrapped", new SQLTransientConnectionException("connection reset")),
                new ListenerExecutionFailedException("container", new RetryableMessageException("wrapped")));

        assertThat(transientFailures)
                .allSatisfy(failure -> assertThat(FailureClassification.retryable(failure))
                        .as(failure.toString())
                        .isTrue());
    }

    @Test
    void failuresNoRetryCanCureAreFinalEvenWhenWrappedInATransientOne() {
        List<Throwable> finalFailures = List.of(
                new Envelope.MalformedEnvelope("the message id is missing"),
                new UnreadableMessage("not JSON", null),
                new UnknownMessageType("inventory", "Nope.v1"),
                new RetryableMessageException("wrapping", new UnreadableMessage("not JSON", null)));

        assertThat(finalFailures)
                .allSatisfy(failure -> assertThat(FailureClassification.retryable(failure))
                        .as(failure.toString())
                        .isFalse());
    }

    @Test
    void anyOtherFailureIsFinal() {
        assertThat(FailureClassification.retryable(new IllegalStateException("a bug")))
                .isFalse();
        assertThat(FailureClassification.retryable(new DataIntegrityViolationException("duplicate key")))
                .isFalse();
        assertThat(FailureClassification.retryable(new NullPointerException())).isFalse();
    }

    @Test
    void theReasonShownToPeopleIsTheHandlersFailureWithoutTheContainersWrapping() {
        IllegalStateException handlers = new IllegalStateException("product 42 is not in the catalog");
        Throwable thrown =
                new ListenerExecutionFailedException("listener failed", new FailureClassification.Retry(handlers));

        assertThat(FailureClassification.reason(thrown)).isSameAs(handlers);
        assertThat(FailureClassification.reason(handlers)).isSameAs(handlers);
    }
}
