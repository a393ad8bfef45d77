package dev.patternshop.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.messaging.OrderOutboxRelays;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.outbox.Outbox;
import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.kafka.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Every shard cluster gets the same schema at start, the directory sends customers and ids to theirs, and each
 * cluster's outbox is published by one leading relay.
 */
@SpringBootTest
@RealInfrastructure(
        databases = {"orders_a", "orders_b"},
        kafka = true)
class OrderShardClustersIT {

    @Autowired
    ShardClusters clusters;

    @Autowired
    OrderOutboxRelays relays;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void everyClusterIsMigratedWithTheOrderSchemaAndTheOutbox() {
        assertThat(clusters.all()).extracting(ShardCluster::name).containsExactlyInAnyOrder("orders-a", "orders-b");
        for (ShardCluster cluster : clusters.all()) {
            List<String> tables =
                    cluster.primaryJdbc().sql("""
                            select table_name from information_schema.tables
                            where table_schema = 'public' and table_name in ('orders', 'order_line', 'idempotency_key', 'outbox')
                            order by table_name""").query(String.class).list();
            assertThat(tables).as(cluster.name()).containsExactly("idempotency_key", "order_line", "orders", "outbox");
            assertThat(cluster.replica())
                    .as("%s has a streaming replica for reads", cluster.name())
                    .isNotNull();
        }
    }

    @Test
    void eachClusterHasALeadingRelayThatPublishesItsOutbox() throws Exception {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(relays.leading()).containsExactlyInAnyOrder("orders-a", "orders-b"));
        String topic = "orders-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        for (ShardCluster cluster : clusters.all()) {
            cluster.transactions()
                    .executeWithoutResult(tx -> Outbox.append(
                            cluster.primaryJdbc(),
                            topic,
                            "from-" + cluster.name(),
                            Envelope.first("Test.v1", "from-" + cluster.name(), Instant.now()),
                            "{}"));
        }

        List<String> keys = new TopicReader(bootstrapServers)
                .read(topic, 2, Duration.ofSeconds(20)).stream()
                        .map(ConsumerRecord::key)
                        .toList();
        assertThat(keys).containsExactlyInAnyOrder("from-orders-a", "from-orders-b");
    }

    @Test
    void customersAndOrderIdsLeadToTheSameCluster() {
        String customer = "3f1c9a52-7d1e-4c1b-9a57-1a2b3c4d5e01";
        int shard = clusters.directory().logicalShardOf(customer);

        OrderId id = OrderId.compose(Instant.now(), shard, 1);

        assertThat(clusters.forOrder(id)).isSameAs(clusters.forCustomer(customer));
        assertThat(clusters.forCustomer(customer).name()).isEqualTo(shard < 32 ? "orders-a" : "orders-b");
    }
}
