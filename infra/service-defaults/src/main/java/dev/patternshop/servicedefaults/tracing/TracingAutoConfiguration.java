package dev.patternshop.servicedefaults.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Every process samples new traces on a budget ({@link TraceBudgetSampler}) instead of Boot's fixed probability.
 * Spans are exported as Boot sets it up: batched, off the request threads (OpenTelemetry's BatchSpanProcessor).
 * Spring Security records no observations of its own (see {@link #securityObservationSettings()}).
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

    /**
     * Without this, Spring Security observes every request four times (the filter chain before and after the
     * application, the secured request, the authorization) plus each authentication: a timer, a long-task timer and a
     * span each, which made about a third of a catalog read's CPU the observation machinery. Nothing reads them
     * (no dashboard or alert; a rejected token is already a 401 in {@code http.server.requests}), and in a trace
     * they are five spans around the one that matters. Works for the servlet services and the WebFlux gateway alike.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
