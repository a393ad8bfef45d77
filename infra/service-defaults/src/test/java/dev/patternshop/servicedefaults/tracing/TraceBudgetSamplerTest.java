package dev.patternshop.servicedefaults.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TraceBudgetSamplerTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final IdGenerator ids = IdGenerator.random();

    @Test
    void everyNewTraceWithinTheBudgetIsRecordedAndNoneBeyondItAtProbabilityZero() {
        Sampler sampler = new TraceBudgetSampler(20, 0.0, nanos::get);

        assertThat(decisions(sampler, Context.root(), 20)).containsOnly(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decisions(sampler, Context.root(), 50)).containsOnly(SamplingDecision.DROP);
    }

    @Test
    void theBudgetRefillsOverTime() {
        Sampler sampler = new TraceBudgetSampler(20, 0.0, nanos::get);
        decisions(sampler, Context.root(), 20);

        nanos.addAndGet(250_000_000L);
        assertThat(decisions(sampler, Context.root(), 6))
                .filteredOn(SamplingDecision.RECORD_AND_SAMPLE::equals)
                .hasSize(5);

        nanos.addAndGet(10_000_000_000L);
        assertThat(decisions(sampler, Context.root(), 25))
                .filteredOn(SamplingDecision.RECORD_AND_SAMPLE::equals)
                .as("a full bucket, not ten seconds' worth")
                .hasSize(20);
    }

    @Test
    void beyondTheBudgetAShareOfTracesIsRecordedByTraceId() {
        Sampler sampler = new TraceBudgetSampler(0, 0.25, nanos::get);

        long recorded = decisions(sampler, Context.root(), 4000).stream()
                .filter(SamplingDecision.RECORD_AND_SAMPLE::equals)
                .count();

        // Trace-id ratio: about a quarter; the bounds are far outside what chance gives for 4,000 random ids.
        assertThat(recorded).isBetween(800L, 1200L);
    }

    @Test
    void spansWithAParentFollowItWhateverTheBudget() {
        Sampler sampler = Sampler.parentBased(new TraceBudgetSampler(1, 0.0, nanos::get));
        Context sampledParent = parent(TraceFlags.getSampled());
        Context droppedParent = parent(TraceFlags.getDefault());

        assertThat(decisions(sampler, Context.root(), 5))
                .containsExactly(
                        SamplingDecision.RECORD_AND_SAMPLE,
                        SamplingDecision.DROP,
                        SamplingDecision.DROP,
                        SamplingDecision.DROP,
                        SamplingDecision.DROP);
        assertThat(decisions(sampler, sampledParent, 10)).containsOnly(SamplingDecision.RECORD_AND_SAMPLE);
        nanos.addAndGet(5_000_000_000L);
        assertThat(decisions(sampler, droppedParent, 10)).containsOnly(SamplingDecision.DROP);
    }

    private List<SamplingDecision> decisions(Sampler sampler, Context parent, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> sampler.shouldSample(
                                parent, ids.generateTraceId(), "GET", SpanKind.SERVER, Attributes.empty(), List.of())
                        .getDecision())
                .toList();
    }

    private Context parent(TraceFlags flags) {
        SpanContext remote = SpanContext.createFromRemoteParent(
                ids.generateTraceId(), ids.generateSpanId(), flags, TraceState.getDefault());
        return Context.root().with(Span.wrap(remote));
    }
}
