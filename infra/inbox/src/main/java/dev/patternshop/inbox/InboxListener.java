package dev.patternshop.inbox;

import dev.patternshop.events.Envelope;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handles one record: read the envelope and the body, then in ONE transaction on the database that owns the record's
 * key, record the message id in the inbox and, unless it was already there, call the handler. The container commits
 * the offset after this returns, so a crash in between redelivers the record, and the inbox makes that harmless.
 */
final class InboxListener implements MessageListener<String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxListener.class);

    private final String consumer;
    private final Map<String, Route<?>> routes;
    private final UnknownTypes unknownTypes;
    private final JsonMapper json;
    private final InboxDatabases databases;
    private final ConsumerMetrics metrics;

    InboxListener(
            String consumer,
            Map<String, Route<?>> routes,
            UnknownTypes unknownTypes,
            JsonMapper json,
            InboxDatabases databases,
            ConsumerMetrics metrics) {
        this.consumer = consumer;
        this.routes = Map.copyOf(routes);
        this.unknownTypes = unknownTypes;
        this.json = json;
        this.databases = databases;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        try {
            handle(record);
        } catch (RuntimeException failure) {
            if (FailureClassification.retryable(failure)) {
                throw new FailureClassification.Retry(failure);
            }
            throw failure;
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Envelope envelope = Envelope.fromHeaders(name -> DeadLetterHeaders.text(record.headers(), name));
        Route<?> route = routes.get(envelope.type());
        if (route == null) {
            if (unknownTypes == UnknownTypes.IGNORE) {
                metrics.ignored();
                return;
            }
            throw new UnknownMessageType(consumer, envelope.type());
        }
        Object message = route.read(json, envelope.type(), record.value());
        InboxDatabases.Database database = databases.forKey(record.key());
        Boolean applied = database.transactions().execute(transaction -> {
            if (!InboxTable.record(database.jdbc(), consumer, envelope, record)) {
                return false;
            }
            route.apply(message, envelope);
            return true;
        });
        if (Boolean.TRUE.equals(applied)) {
            metrics.applied();
        } else {
            metrics.duplicate();
            LOG.debug(
                    "{}: message {} ({}) was already applied; acknowledged without a change",
                    consumer,
                    envelope.messageId(),
                    envelope.type());
        }
    }

    /** A message type's contract and handler. */
    record Route<T>(Class<T> contract, MessageHandler<? super T> handler) {

        T read(JsonMapper json, String type, byte[] body) {
            if (body == null) {
                throw new UnreadableMessage("a " + type + " record has no body", null);
            }
            T message;
            try {
                message = json.readValue(body, contract);
            } catch (JacksonException e) {
                throw new UnreadableMessage("the body is not a " + type + ": " + e.getOriginalMessage(), e);
            }
            if (message == null) {
                throw new UnreadableMessage("the body of a " + type + " is null", null);
            }
            return message;
        }

        void apply(Object message, Envelope envelope) {
            handler.handle(contract.cast(message), envelope);
        }
    }
}
