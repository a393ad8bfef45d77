package dev.patternshop.order.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.order.domain.OrderId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShardDirectoryTest {

    private final ShardDirectory directory = new ShardDirectory(64, Map.of("0-31", "orders-a", "32-63", "orders-b"));

    @Test
    void oneCustomerAlwaysLandsOnOneShard() {
        String customer = "3f1c9a52-7d1e-4c1b-9a57-1a2b3c4d5e01";

        int shard = directory.logicalShardOf(customer);

        for (int i = 0; i < 100; i++) {
            assertThat(directory.logicalShardOf(customer)).isEqualTo(shard);
        }
        assertThat(shard).isEqualTo(58);
    }

    @Test
    void theHashIsStandardCrc32c() {
        // The check value of CRC-32C is 0xE3069283 for "123456789" (RFC 3720); 3808858755 mod 64 = 3.
        // Pinned: changing the hash would move every customer to another shard.
        assertThat(ShardKey.logicalShardOf("123456789", 64)).isEqualTo(3);
        assertThat(ShardKey.logicalShardOf("123456789", OrderId.MAX_SHARDS)).isEqualTo((int) (0xE3069283L % 4096));
    }

    @Test
    void tenThousandCustomersSpreadEvenlyOverShardsAndClusters() {
        Map<Integer, Integer> perShard = new HashMap<>();
        Map<String, Integer> perCluster = new HashMap<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 10_000; i++) {
            String customer = new UUID(random.nextLong(), random.nextLong()).toString();
            int shard = directory.logicalShardOf(customer);
            perShard.merge(shard, 1, Integer::sum);
            perCluster.merge(directory.clusterOf(shard), 1, Integer::sum);
        }

        // 156.25 per shard on average; binomial standard deviation ~12.4: +-40 % is beyond 5 sigma.
        assertThat(perShard).hasSize(64);
        assertThat(perShard.values()).allSatisfy(count -> assertThat(count).isBetween(94, 219));
        assertThat(perCluster.values()).allSatisfy(count -> assertThat(count).isBetween(4_700, 5_300));
    }

    @Test
    void anIdLeadsStraightToItsCluster() {
        OrderId id = OrderId.compose(Instant.parse("2026-11-25T10:00:00Z"), 40, 3);

        assertThat(directory.clusterOf(id)).isEqualTo("orders-b");
        assertThat(directory.clusters()).containsExactly("orders-a", "orders-b");
        assertThat(directory.shardsByCluster().get("orders-a"))
                .hasSize(32)
                .startsWith(0)
                .endsWith(31);
    }

    @Test
    void everyLogicalShardMustBeMappedExactlyOnce() {
        assertThatThrownBy(() -> new ShardDirectory(64, Map.of("0-30", "orders-a", "32-63", "orders-b")))
                .hasMessageContaining("logical shard 31 is not mapped");
        assertThatThrownBy(() -> new ShardDirectory(64, Map.of("0-32", "orders-a", "32-63", "orders-b")))
                .hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> new ShardDirectory(64, Map.of("0-64", "orders-a")))
                .hasMessageContaining("outside");
    }
}
