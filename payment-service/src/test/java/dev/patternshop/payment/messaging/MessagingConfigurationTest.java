package dev.patternshop.payment.messaging;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.events.Envelope;
import dev.patternshop.inbox.MessageHandler;
import dev.patternshop.inbox.RetryableMessageException;
import dev.patternshop.payment.domain.ConcurrentAppend;
import dev.patternshop.payment.domain.PaymentId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A lost race on a payment's stream is a transient failure for the inbox; anything else passes through unchanged. */
class MessagingConfigurationTest {

    private static final Envelope ENVELOPE = Envelope.first("AuthorizePayment.v1", "4711", Instant.now());

    record Command(String orderId) {}

    @Test
    void aConcurrentAppendBecomesTheInboxsRetryableFailure() {
        MessageHandler<Command> handler = MessagingConfiguration.retryingRaces((command, envelope) -> {
            throw new ConcurrentAppend(PaymentId.forOrder(command.orderId()), 1, null);
        });

        assertThatThrownBy(() -> handler.handle(new Command("4711"), ENVELOPE))
                .isInstanceOf(RetryableMessageException.class)
                .hasCauseInstanceOf(ConcurrentAppend.class);
    }

    @Test
    void otherFailuresAndRepliesPassThrough() {
        MessageHandler<Command> failing = MessagingConfiguration.retryingRaces((command, envelope) -> {
            throw new IllegalStateException("a bug");
        });
        MessageHandler<Command> answering = MessagingConfiguration.retryingRaces((command, envelope) -> command);

        assertThatThrownBy(() -> failing.handle(new Command("4711"), ENVELOPE))
                .isExactlyInstanceOf(IllegalStateException.class);
        assertThatCode(() -> answering.handle(new Command("4711"), ENVELOPE)).doesNotThrowAnyException();
    }
}
