package dev.patternshop.benchmarks;

import dev.patternshop.order.domain.OrderId;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
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
 * Order ids ({@link OrderId}): composing one from the database's clock and sequence and the customer's logical
 * shard (the in-process half of {@code JdbcOrders.nextId}; the round trip for {@code nextval} is not in it), and
 * parsing one a client sent in a path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class OrderIdBenchmark {

    private static final int SIZE = 1024;
    private static final int MASK = SIZE - 1;

    private final Instant[] times = new Instant[SIZE];
    private final int[] shards = new int[SIZE];
    private final String[] texts = new String[SIZE];
    private long sequence;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < SIZE; i++) {
            times[i] = start.plusMillis(random.nextInt(86_400_000));
            shards[i] = random.nextInt(64);
            texts[i] = OrderId.compose(times[i], shards[i], random.nextInt(1 << 20))
                    .toString();
        }
    }

    @Benchmark
    public OrderId compose() {
        int i = next++ & MASK;
        return OrderId.compose(times[i], shards[i], sequence++);
    }

    @Benchmark
    public Optional<OrderId> parse() {
        return OrderId.parse(texts[next++ & MASK]);
    }
}
