package dev.patternshop.benchmarks;

import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.sharding.ShardDirectory;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shard routing with order-service's {@link ShardDirectory} as configured in its application.yml (64 logical
 * shards, 0-31 on orders-a, 32-63 on orders-b): a customer id (a UUID, as the gateway's accounts have) to its logical
 * shard (CRC-32C, {@code ShardKey}) and to its cluster, and an order id to the cluster that holds it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ShardRoutingBenchmark {

    private static final int SIZE = 1024;
    private static final int MASK = SIZE - 1;

    private final String[] customers = new String[SIZE];
    private final OrderId[] orders = new OrderId[SIZE];
    private ShardDirectory directory;
    private int next;

    @Setup
    public void setUp() {
        directory = new ShardDirectory(64, Map.of("0-31", "orders-a", "32-63", "orders-b"));
        Random random = new Random(42);
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < SIZE; i++) {
            customers[i] = new UUID(random.nextLong(), random.nextLong()).toString();
            orders[i] = OrderId.compose(
                    start.plusMillis(random.nextInt(86_400_000)),
                    directory.logicalShardOf(customers[i]),
                    random.nextInt(1 << 20));
        }
    }

    @Benchmark
    public int customerToLogicalShard() {
        return directory.logicalShardOf(customers[next++ & MASK]);
    }

    @Benchmark
    public String customerToCluster() {
        return directory.clusterOfCustomer(customers[next++ & MASK]);
    }

    @Benchmark
    public String orderToCluster() {
        return directory.clusterOf(orders[next++ & MASK]);
    }
}
