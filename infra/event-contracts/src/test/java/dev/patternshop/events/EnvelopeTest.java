package dev.patternshop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    static final Instant NOW = Instant.parse("2026-12-04T10:15:30.123Z");

    @Test
    void aMessageProducedWhileHandlingAnotherKeepsItsCorrelationAndNamesItsCause() {
        Envelope command = Envelope.first("ReserveStock.v1", "42", NOW);

        Envelope reply = command.next("StockReserved.v1", NOW.plusSeconds(1));

        assertThat(reply.messageId()).isNotEqualTo(command.messageId());
        assertThat(reply.correlationId()).isEqualTo("42");
        assertThat(reply.causationId()).isEqualTo(command.messageId());
        assertThat(reply.type()).isEqualTo("StockReserved.v1");
    }

    @Test
    void headersReadBackToTheSameEnvelope() {
        Envelope envelope = Envelope.first("ReserveStock.v1", "42", NOW)
                .next("StockReserved.v1", NOW)
                .withTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        Map<String, String> headers = envelope.headers();

        assertThat(Envelope.fromHeaders(headers::get)).isEqualTo(envelope);
    }

    @Test
    void optionalHeadersAreLeftOutWhenAbsent() {
        Envelope envelope = Envelope.first("OrderPlaced.v1", "42", NOW);

        assertThat(envelope.headers())
                .containsOnlyKeys(
                        MessageHeaders.MESSAGE_ID,
                        MessageHeaders.MESSAGE_TYPE,
                        MessageHeaders.CORRELATION_ID,
                        MessageHeaders.OCCURRED_AT);
    }

    @Test
    void anEnvelopeWithoutAMessageIdOrWithAnUnreadableOneIsMalformed() {
        Map<String, String> headers =
                new HashMap<>(Envelope.first("X.v1", "42", NOW).headers());
        headers.remove(MessageHeaders.MESSAGE_ID);
        assertThatThrownBy(() -> Envelope.fromHeaders(headers::get)).isInstanceOf(Envelope.MalformedEnvelope.class);

        headers.put(MessageHeaders.MESSAGE_ID, "not-a-uuid");
        assertThatThrownBy(() -> Envelope.fromHeaders(headers::get))
                .isInstanceOf(Envelope.MalformedEnvelope.class)
                .hasMessageContaining("message-id");

        headers.put(MessageHeaders.MESSAGE_ID, "9b2f1c7e-5a51-4a43-a0a4-3f1e9c0e7d11");
        headers.put(MessageHeaders.OCCURRED_AT, "yesterday");
        assertThatThrownBy(() -> Envelope.fromHeaders(headers::get)).isInstanceOf(Envelope.MalformedEnvelope.class);
    }

    @Test
    void theDeadLetterTopicOfATopicIsItsNameWithDlt() {
        assertThat(Topics.deadLetter(Topics.INVENTORY_COMMANDS)).isEqualTo("inventory.commands.v1.dlt");
    }
}
