package dev.patternshop.benchmarks;

import dev.patternshop.notification.webhook.WebhookSignature;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing one webhook delivery ({@link WebhookSignature#sign}: HMAC-SHA256 over {@code timestamp.body}, as hex) for
 * one of several subscriptions, each with its own secret; bodies of an order event's size and of a large one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class WebhookSignatureBenchmark {

    private static final int SUBSCRIPTIONS = 16;
    private static final int BODIES = 64;

    /** The body's length in bytes (JSON, ASCII). */
    @Param({"512", "4096"})
    public int bodyBytes;

    private final String[] secrets = new String[SUBSCRIPTIONS];
    private final String[] bodies = new String[BODIES];
    private long timestamp = 1_796_000_000L;
    private int next;

    @Setup
    public void setUp() {
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            secrets[i] = WebhookSignature.newSecret();
        }
        Random random = new Random(42);
        for (int i = 0; i < BODIES; i++) {
            StringBuilder body = new StringBuilder("{\"type\":\"OrderConfirmed\",\"orderId\":\"")
                    .append(Math.abs(random.nextLong()))
                    .append("\",\"lines\":[");
            while (body.length() < bodyBytes - 40) {
                body.append("{\"sku\":\"SKU-")
                        .append(random.nextInt(100_000))
                        .append("\",\"quantity\":")
                        .append(1 + random.nextInt(5))
                        .append("},");
            }
            body.append("{}]");
            while (body.length() < bodyBytes - 1) {
                body.append(' ');
            }
            bodies[i] = body.append('}').toString();
        }
    }

    @Benchmark
    public String sign() {
        int i = next++ & Integer.MAX_VALUE;
        return WebhookSignature.sign(secrets[i % SUBSCRIPTIONS], timestamp++, bodies[i % BODIES]);
    }
}
