package dev.patternshop.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.order.sharding.OrderId;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.testsupport.RealInfrastructure;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Every shard cluster gets the same schema at start, and the directory sends customers and ids to theirs. */
@SpringBootTest
@RealInfrastructure(databases = {"orders_a", "orders_b"})
class OrderShardClustersIT {

    @Autowired
    ShardClusters clusters;

    @Test
    void everyClusterIsMigratedWithTheOrderSchemaAndTheOutbox() {
        assertThat(clusters.all()).extracting(ShardCluster::name).containsExactlyInAnyOrder("orders-a", "orders-b");
        for (ShardCluster cluster : clusters.all()) {
            List<String> tables = cluster.primaryJdbc().sql("""
                            select table_name from information_schema.tables
                            where table_schema = 'public' and table_name in ('orders', 'order_line', 'idempotency_key', 'outbox')
                            order by table_name""")
                    .query(String.class).list();
            assertThat(tables).as(cluster.name()).containsExactly("idempotency_key", "order_line", "orders", "outbox");
            assertThat(cluster.replica()).as("%s has a streaming replica for reads", cluster.name()).isNotNull();
        }
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
