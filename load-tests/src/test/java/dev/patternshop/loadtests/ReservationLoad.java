package dev.patternshop.loadtests;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.ReleaseReservation;
import dev.patternshop.events.inventory.v1.ReservationReleased;
import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.inventory.v1.StockReserved;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load harness for inventory's command side: plays the order saga, sending {@code ReserveStock} commands (one line,
 * one unit) to {@code inventory.commands.v1} at a fixed rate, and reads the replies on {@code inventory.events.v1}.
 * Every command is a new order, keyed by its id, so the commands spread over every partition and both inventory
 * instances; {@code hot} puts every line on one product (every transaction updates the same row), {@code spread}
 * picks one of {@code products} at random. Afterwards it releases what it reserved and waits for the releases to be
 * answered, so the stock ends where it began and the next run starts on a quiet system.
 *
 * <p>Prints one markdown row: commands sent, replies, reserved, rejected, second replies to one command (a command
 * applied twice would answer twice with two message ids: must be 0), replies per second, and two latencies,
 * each p50/p99: <em>consumer lag</em> = the command's broker timestamp to the moment inventory handled it (the
 * reply's occurred-at), and <em>round trip</em> = the command's broker timestamp to its reply's broker timestamp
 * (handling plus inventory's outbox relay). Loopback only; stops by itself.
 *
 * <pre>ReservationLoad &lt;bootstrap&gt; &lt;hot|spread&gt; &lt;rate per second&gt; &lt;seconds&gt; &lt;hot product&gt; &lt;products&gt;</pre>
 */
public final class ReservationLoad {

    private static final Duration REPLY_WAIT = Duration.ofSeconds(60);
    /** Far from the ids the order service hands out (time-based, from 2026), so nothing collides with real orders. */
    private static final long ORDER_ID_BASE = 8_000_000_000_000_000_000L;

    private static final AtomicInteger SECOND_REPLIES = new AtomicInteger();
    private static final Map<String, String> REPLY_IDS = new HashMap<>();

    private ReservationLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                    "usage: ReservationLoad <bootstrap> <hot|spread> <rate per second> <seconds> <hot product> <products>");
            System.exit(2);
        }
        String bootstrap = args[0];
        boolean hot = args[1].equals("hot");
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long hotProduct = Long.parseLong(args[4]);
        int products = Integer.parseInt(args[5]);
        if (!bootstrap.startsWith("127.0.0.1:")) {
            throw new IllegalArgumentException("load goes to 127.0.0.1 only");
        }
        long runBase = ORDER_ID_BASE + ThreadLocalRandom.current().nextLong(1_000_000) * 1_000_000;

        try (KafkaProducer<String, String> producer = producer(bootstrap);
                KafkaConsumer<String, String> replies = replyReader(bootstrap)) {
            Map<String, Long> sentAt = new HashMap<>(); // order id -> command's broker timestamp
            Map<String, String> outcome = new HashMap<>();
            List<Long> lagMillis = new ArrayList<>();
            List<Long> roundTripMillis = new ArrayList<>();
            int total = rate * seconds;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + TimeUnit.SECONDS.toNanos(1) * i / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String orderId = Long.toString(runBase + i);
                long product =
                        hot ? hotProduct : 1 + ThreadLocalRandom.current().nextLong(products);
                String body =
                        "{\"orderId\":\"" + orderId + "\",\"lines\":[{\"productId\":" + product + ",\"quantity\":1}]}";
                producer.send(command(orderId, ReserveStock.TYPE, body), (metadata, error) -> {
                    if (error == null) {
                        synchronized (sentAt) {
                            sentAt.put(orderId, metadata.timestamp());
                        }
                    }
                });
                collect(replies, Duration.ZERO, sentAt, outcome, lagMillis, roundTripMillis);
            }
            producer.flush();
            long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
            while (outcome.size() < total && System.nanoTime() < deadline) {
                collect(replies, Duration.ofMillis(200), sentAt, outcome, lagMillis, roundTripMillis);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long reserved =
                    outcome.values().stream().filter(StockReserved.TYPE::equals).count();
            // Leave the stock as it was: release every reservation this run made.
            outcome.forEach((orderId, type) -> {
                if (type.equals(StockReserved.TYPE)) {
                    producer.send(command(
                            orderId,
                            ReleaseReservation.TYPE,
                            "{\"orderId\":\"" + orderId + "\",\"reason\":\"benchmark clean-up\"}"));
                }
            });
            producer.flush();
            awaitReleases(replies, reserved);
            System.out.printf(
                    "| %-6s | %6d | %7d | %8d | %8d | %6d | %7.0f | %5d / %5d ms | %5d / %5d ms |%n",
                    hot ? "hot" : "spread",
                    total,
                    outcome.size(),
                    reserved,
                    outcome.size() - reserved,
                    SECOND_REPLIES.get(),
                    outcome.size() / elapsed,
                    percentile(lagMillis, 50),
                    percentile(lagMillis, 99),
                    percentile(roundTripMillis, 50),
                    percentile(roundTripMillis, 99));
        }
    }

    /** The next run starts on a quiet system: wait until every release is answered. */
    private static void awaitReleases(KafkaConsumer<String, String> replies, long expected) {
        long released = 0;
        long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
        while (released < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> reply : replies.poll(Duration.ofMillis(200))) {
                String orderId = header(reply, MessageHeaders.CORRELATION_ID);
                if (REPLY_IDS.containsKey(orderId)
                        && ReservationReleased.TYPE.equals(header(reply, MessageHeaders.MESSAGE_TYPE))) {
                    released++;
                }
            }
        }
    }

    private static ProducerRecord<String, String> command(String orderId, String type, String body) {
        List<Header> headers = new ArrayList<>();
        Envelope.first(type, orderId, Instant.now())
                .headers()
                .forEach((name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return new ProducerRecord<>(Topics.INVENTORY_COMMANDS, null, orderId, body, headers);
    }

    private static void collect(
            KafkaConsumer<String, String> replies,
            Duration poll,
            Map<String, Long> sentAt,
            Map<String, String> outcome,
            List<Long> lagMillis,
            List<Long> roundTripMillis) {
        for (ConsumerRecord<String, String> reply : replies.poll(poll)) {
            String orderId = header(reply, MessageHeaders.CORRELATION_ID);
            Long sent;
            synchronized (sentAt) {
                sent = sentAt.get(orderId);
            }
            String type = header(reply, MessageHeaders.MESSAGE_TYPE);
            if (sent == null || type == null || !type.startsWith("StockReserv")) {
                continue; // another run's reply, or a StockChanged
            }
            String messageId = header(reply, MessageHeaders.MESSAGE_ID);
            if (outcome.containsKey(orderId)) {
                // The same reply again is the relay's at-least-once (consumers dedupe it); a second reply with
                // its own id would mean the command was applied twice.
                if (!messageId.equals(REPLY_IDS.get(orderId))) {
                    SECOND_REPLIES.incrementAndGet();
                }
                continue;
            }
            outcome.put(orderId, type);
            REPLY_IDS.put(orderId, messageId);
            Instant handled = Instant.parse(header(reply, MessageHeaders.OCCURRED_AT));
            lagMillis.add(Math.max(0, handled.toEpochMilli() - sent));
            roundTripMillis.add(Math.max(0, reply.timestamp() - sent));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(config);
    }

    /** Reads the replies topic from its current end: only replies to this run's commands count. */
    private static KafkaConsumer<String, String> replyReader(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.INVENTORY_EVENTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before the first command is sent
        return consumer;
    }
}
