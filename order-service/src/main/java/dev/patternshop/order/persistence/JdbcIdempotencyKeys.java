package dev.patternshop.order.persistence;

import dev.patternshop.order.domain.IdempotencyKey;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.sharding.CustomerShard;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/** Idempotency keys in the {@code idempotency_key} table of the customer's shard cluster. */
@Repository
class JdbcIdempotencyKeys implements IdempotencyKeys {

    private final ShardClusters clusters;

    JdbcIdempotencyKeys(ShardClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public Optional<StoredKey> find(CustomerShard shard, IdempotencyKey key) {
        return shard.cluster()
                .primaryJdbc()
                .sql("""
                        select order_id, request_hash from idempotency_key
                        where customer_id = ? and key = ? and expires_at > clock_timestamp()""")
                .param(shard.customerId())
                .param(key.value())
                .query((rs, n) -> new StoredKey(new OrderId(rs.getLong("order_id")), rs.getString("request_hash")))
                .optional();
    }

    @Override
    public void deleteIfExpired(CustomerShard shard, IdempotencyKey key) {
        shard.cluster()
                .primaryJdbc()
                .sql(
                        "delete from idempotency_key where customer_id = ? and key = ? and expires_at <= clock_timestamp()")
                .param(shard.customerId())
                .param(key.value())
                .update();
    }

    @Override
    public boolean isTaken(CustomerShard shard, IdempotencyKey key) {
        return shard.cluster()
                .primaryJdbc()
                .sql("select exists(select 1 from idempotency_key where customer_id = ? and key = ?)")
                .param(shard.customerId())
                .param(key.value())
                .query(Boolean.class)
                .single();
    }

    @Override
    public boolean claim(
            CustomerShard shard, IdempotencyKey key, String fingerprint, OrderId orderId, Duration retention) {
        return shard.cluster()
                        .primaryJdbc()
                        .sql("""
                        insert into idempotency_key (customer_id, key, request_hash, order_id, expires_at)
                        values (?, ?, ?, ?, clock_timestamp() + make_interval(secs => ?))
                        on conflict (customer_id, key) do nothing""")
                        .param(shard.customerId())
                        .param(key.value())
                        .param(fingerprint)
                        .param(orderId.value())
                        .param((double) retention.toSeconds())
                        .update()
                == 1;
    }

    @Override
    public int deleteExpired(int limitPerShard) {
        int deleted = 0;
        for (ShardCluster cluster : clusters.all()) {
            // Short transactions: a backlog is worked off in batches, never one long delete that holds locks.
            deleted += cluster.primaryJdbc().sql("""
                            delete from idempotency_key where ctid in (
                                select ctid from idempotency_key where expires_at <= clock_timestamp() limit ?)""").param(limitPerShard).update();
        }
        return deleted;
    }
}
