package dev.patternshop.servicedefaults.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Every process samples new traces on a budget ({@link TraceBudgetSampler}) instead of Boot's fixed probability.
 * Spans are exported as Boot sets it up: batched, off the request threads (OpenTelemetry's BatchSpanProcessor).
 */
// Before Boot's OpenTelemetry tracing, whose own Sampler backs off when this one exists.
@AutoConfiguration(
        beforeName =
                "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(Sampler.class)
@EnableConfigurationProperties(TracingSettings.class)
public class TracingAutoConfiguration {

    @Bean
    Sampler traceBudgetSampler(TracingSettings settings) {
        return TraceBudgetSampler.forProcess(settings.tracesPerSecond(), settings.probabilityBeyond());
    }
}
