package dev.patternshop.payment.events;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.outbox.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payment's side of the outbox: every reply goes to {@link Topics#PAYMENT_EVENTS} through the outbox, in the caller's
 * transaction, so it is published if and only if the events it reports are stored. Keyed by the order id.
 */
@Component
public class PaymentReplies {

    private final JdbcClient database;
    private final JsonMapper json;

    PaymentReplies(JdbcClient database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    /** A reply to a command, keyed by the order id, caused by the command ({@code incoming.next(...)}). */
    public void reply(String orderId, Envelope envelope, Record payload) {
        Outbox.append(database, Topics.PAYMENT_EVENTS, orderId, envelope, json.writeValueAsString(payload));
    }
}
