package dev.patternshop.servicedefaults.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Decides whether a new trace (a span without a parent) is recorded: every trace while they are few, a share of
 * them once they are many. A tour through the gateway, a test, a few orders a second: every request is traced, end
 * to end. A load run: after the first {@code tracesPerSecond} of each second, only {@code probabilityBeyond} of the
 * rest, because recording and exporting every span cost 30-60 % of the system's throughput.
 *
 * <p>Spans with a parent are not decided here: wrapped in {@link Sampler#parentBased}, they follow their parent
 * (the gateway's decision travels in {@code traceparent}), so a trace is either complete or absent. The budget is a
 * token bucket per process ({@code tracesPerSecond} tokens, refilled continuously); the share beyond it is by trace
 * id, so every process makes the same choice for the same trace.
 */
public final class TraceBudgetSampler implements Sampler {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double tracesPerSecond;
    private final Sampler beyondBudget;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    public TraceBudgetSampler(double tracesPerSecond, double probabilityBeyond, LongSupplier nanoTime) {
        if (tracesPerSecond < 0 || probabilityBeyond < 0 || probabilityBeyond > 1) {
            throw new IllegalArgumentException(
                    "traces per second must not be negative and the probability must be between 0 and 1");
        }
        this.tracesPerSecond = tracesPerSecond;
        this.beyondBudget = Sampler.traceIdRatioBased(probabilityBeyond);
        this.nanoTime = nanoTime;
        this.tokens = tracesPerSecond;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** The sampler a process uses: this budget for new traces, the parent's decision for everything else. */
    public static Sampler forProcess(double tracesPerSecond, double probabilityBeyond) {
        return Sampler.parentBased(new TraceBudgetSampler(tracesPerSecond, probabilityBeyond, System::nanoTime));
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        if (takeToken()) {
            return SamplingResult.recordAndSample();
        }
        return beyondBudget.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    private synchronized boolean takeToken() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(tracesPerSecond, tokens + tracesPerSecond * (now - refilledAt) / NANOS_PER_SECOND);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    @Override
    public String getDescription() {
        return "TraceBudgetSampler{tracesPerSecond=" + tracesPerSecond + ", beyond=" + beyondBudget.getDescription()
                + "}";
    }
}
