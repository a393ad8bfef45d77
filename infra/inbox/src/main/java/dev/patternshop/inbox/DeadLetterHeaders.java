package dev.patternshop.inbox;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers a dead letter carries on {@code <topic>.dlt}, as UTF-8 text (readable with kcat), next to the original
 * record's own headers (the envelope: message id, type, correlation, trace) which it keeps unchanged, and next to
 * spring-kafka's binary {@code kafka_dlt-*} headers (among them the stack trace, {@code kafka_dlt-exception-stacktrace}).
 */
public final class DeadLetterHeaders {

    /** The consumer (inbox name) that gave up on the message. */
    public static final String CONSUMER = "dead-letter-consumer";
    /** The failure's class, e.g. {@code dev.patternshop.inbox.UnreadableMessage}. */
    public static final String EXCEPTION = "dead-letter-exception";
    /** The failure's message, cut to {@value #MAX_MESSAGE} characters. */
    public static final String FAILURE = "dead-letter-failure";
    /** How many times the message was delivered before it was given up on (1: a failure no retry can cure). */
    public static final String ATTEMPTS = "dead-letter-attempts";
    /** When it was dead-lettered, ISO-8601 UTC. */
    public static final String AT = "dead-letter-at";

    public static final String ORIGINAL_TOPIC = "dead-letter-original-topic";
    public static final String ORIGINAL_PARTITION = "dead-letter-original-partition";
    public static final String ORIGINAL_OFFSET = "dead-letter-original-offset";
    /**
     * On a replayed record: the dead letter it was replayed from, {@code <dlt topic>/<partition>/<offset>}. Its other
     * headers are the original record's, message id included, so an inbox that had applied it still skips it.
     */
    public static final String REPLAYED_FROM = "replayed-from";

    static final int MAX_MESSAGE = 1000;

    private DeadLetterHeaders() {}

    /** The headers only a dead letter carries (ours and spring-kafka's): left out when it is replayed. */
    static boolean deadLetterOnly(String name) {
        return name.startsWith("dead-letter-") || name.startsWith("kafka_") || name.equals(REPLAYED_FROM);
    }

    static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
