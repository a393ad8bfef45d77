package dev.patternshop.servicedefaults.tracing;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Which new traces a process records ({@link TraceBudgetSampler}).
 *
 * @param tracesPerSecond   every new trace up to this many per second per process is recorded
 * @param probabilityBeyond the share of new traces recorded beyond that budget
 */
@Validated
@ConfigurationProperties("patternshop.tracing.sampling")
public record TracingSettings(
        @DecimalMin("0") double tracesPerSecond,
        @DecimalMin("0") @DecimalMax("1") double probabilityBeyond) {}
