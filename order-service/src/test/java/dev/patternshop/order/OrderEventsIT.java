package dev.patternshop.order;

import static dev.patternshop.order.OrderApi.items;
import static dev.patternshop.order.OrderApi.json;
import static dev.patternshop.order.OrderApi.key;
import static dev.patternshop.order.OrderApi.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.events.Topics;
import dev.patternshop.events.order.v1.OrderPlaced;
import dev.patternshop.order.messaging.OrderOutboxRelays;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.testsupport.kafka.TopicReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every committed order's OrderPlaced reaches Kafka at least once, whatever happens to the relays (their
 * database sessions killed mid-publish, the relays stopped and started again); a consumer that deduplicates
 * by event id sees each exactly once; an order whose transaction rolled back never produces an event. The event
 * goes out in the trace of the request that placed the order.
 */
class OrderEventsIT extends OrderServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    OrderOutboxRelays relays;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void committedOrdersArePublishedAtLeastOnceThroughRelayCrashesAndRestartsAndRolledBackOnesNever() {
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(relays.leading()).containsExactlyInAnyOrder("orders-a", "orders-b"));
        List<String> customers = new ArrayList<>();
        Map<String, String> orderCustomers = new LinkedHashMap<>();

        placeOrders(10, customers, orderCustomers);
        killLeaderSessions();
        placeOrders(5, customers, orderCustomers);
        relays.stop();
        placeOrders(5, customers, orderCustomers);
        String rolledBack = placeAnOrderWhoseCommitFails();
        relays.start();

        Set<String> ours = Set.copyOf(customers);
        List<ConsumerRecord<String, String>> records = new TopicReader(bootstrapServers)
                .read(
                        Topics.ORDER_EVENTS,
                        record -> "OrderPlaced.v1".equals(TopicReader.header(record, MessageHeaders.MESSAGE_TYPE))
                                && (ours.contains(customerOf(record)) || rolledBack.equals(customerOf(record))),
                        orderCustomers.size(),
                        Duration.ofSeconds(60));

        Map<String, ConsumerRecord<String, String>> deduplicated = new LinkedHashMap<>();
        records.forEach(
                record -> deduplicated.putIfAbsent(TopicReader.header(record, MessageHeaders.MESSAGE_ID), record));
        assertThat(deduplicated.values())
                .extracting(ConsumerRecord::key)
                .as("each committed order exactly once after deduplication")
                .containsExactlyInAnyOrderElementsOf(orderCustomers.keySet());
        assertThat(records).as("at least once").hasSizeGreaterThanOrEqualTo(orderCustomers.size());
        assertThat(deduplicated.values()).allSatisfy(record -> {
            assertThat(TopicReader.header(record, MessageHeaders.MESSAGE_TYPE)).isEqualTo("OrderPlaced.v1");
            assertThat(customerOf(record)).isEqualTo(orderCustomers.get(record.key()));
            // What a consumer does with the shared contract: the id is a string on the wire, every digit kept.
            assertThat(JSON.readTree(record.value()).get("orderId").isString())
                    .as(record.value())
                    .isTrue();
            OrderPlaced event = JSON.readValue(record.value(), OrderPlaced.class);
            assertThat(event.orderId()).isEqualTo(record.key());
            assertThat(event.eventId()).hasToString(TopicReader.header(record, MessageHeaders.MESSAGE_ID));
            // The envelope: a checkout's first message, correlated by the order id, caused by nothing.
            Envelope envelope = Envelope.fromHeaders(name -> TopicReader.header(record, name));
            assertThat(envelope.correlationId()).isEqualTo(record.key());
            assertThat(envelope.causationId()).isNull();
            assertThat(envelope.occurredAt()).isEqualTo(event.placedAt());
            // The trace of the POST /orders that placed it, continued by the relay's producer span.
            assertThat(envelope.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        });
        assertThat(records).extracting(OrderEventsIT::customerOf).doesNotContain(rolledBack);
        assertThat(rowsWritten(rolledBack)).isZero();
    }

    @Test
    void anOrdersEventGoesOutInTheTraceOfThePostThatPlacedIt() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
        String callerSpanId = "00f067aa0ba902b7";

        HttpResponse<String> response =
                api().placeInTrace(newCustomer(), key(), items(7, 1), "00-" + traceId + "-" + callerSpanId + "-01");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String orderId = json(response).get("id").asString();
        List<ConsumerRecord<String, String>> records = new TopicReader(bootstrapServers)
                .read(Topics.ORDER_EVENTS, record -> orderId.equals(record.key()), 1, Duration.ofSeconds(60));
        // The server span continues the caller's trace, the outbox row stores it, the relay's producer span (a
        // child, so another span id) goes out with the record: a consumer continues the same trace.
        assertThat(records)
                .isNotEmpty()
                .allSatisfy(record -> assertThat(TopicReader.header(record, MessageHeaders.TRACEPARENT))
                        .matches("00-" + traceId + "-[0-9a-f]{16}-01")
                        .doesNotContain(callerSpanId));
    }

    private void placeOrders(int count, List<String> customers, Map<String, String> orderCustomers) {
        for (int i = 0; i < count; i++) {
            String customer = newCustomer();
            HttpResponse<String> response = api().place(customer, key(), items(100 + i, 1));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            customers.add(customer);
            orderCustomers.put(json(response).get("id").asString(), customer);
        }
    }

    /** The relays' leader sessions die, as when their process is killed: unmarked rows are published again. */
    private void killLeaderSessions() {
        for (ShardCluster cluster : clusters.all()) {
            cluster.primaryJdbc().sql("""
                    select pg_terminate_backend(pid) from pg_locks
                    where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())""").query().listOfRows();
        }
    }

    /**
     * The database refuses the commit (a deferred check, run at commit time, after the outbox row was
     * written): the order, its key and its event roll back together.
     */
    private String placeAnOrderWhoseCommitFails() {
        String customer = "rollback-" + newCustomer();
        ShardCluster shard = clusters.forCustomer(customer);
        shard.primaryJdbc().sql("""
                create or replace function refuse_rollback_customers() returns trigger language plpgsql as $$
                begin
                    if new.payload ->> 'customerId' like 'rollback-%' then
                        raise exception 'refused at commit for the test';
                    end if;
                    return new;
                end $$""").update();
        shard.primaryJdbc().sql("""
                create constraint trigger refuse_at_commit after insert on outbox
                deferrable initially deferred for each row execute function refuse_rollback_customers()""").update();
        try {
            HttpResponse<String> response = api().place(customer, key(), items(5, 1));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        } finally {
            shard.primaryJdbc().sql("drop trigger refuse_at_commit on outbox").update();
            shard.primaryJdbc().sql("drop function refuse_rollback_customers()").update();
        }
        return customer;
    }

    private static String customerOf(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value()).get("customerId").asString();
    }
}
