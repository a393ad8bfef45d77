package dev.patternshop.servicedefaults.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class TracingAutoConfigurationTest {

    final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class,
                    TracingAutoConfiguration.class))
            .withPropertyValues(
                    "patternshop.tracing.sampling.traces-per-second=20",
                    "patternshop.tracing.sampling.probability-beyond=0.1");

    @Test
    void theTracerSamplesNewTracesOnTheBudgetInsteadOfBootsFixedProbability() {
        contexts.run(context -> {
            assertThat(context).hasSingleBean(Sampler.class);
            assertThat(context.getBean(SdkTracerProvider.class).getSampler().getDescription())
                    .startsWith("ParentBased{root:TraceBudgetSampler{tracesPerSecond=20.0")
                    .contains("TraceIdRatioBased{0.100000}");
        });
    }

    @Test
    void aProbabilityAboveOneIsRefusedAtStart() {
        contexts.withPropertyValues("patternshop.tracing.sampling.probability-beyond=1.5")
                .run(context -> assertThat(context).hasFailed());
    }
}
