package dev.patternshop.gateway.storefront;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param partTimeout how long the storefront waits for each part before answering without it; warm calls take
 *                    tens of milliseconds, but the first calls after a start take about a second
 */
@Validated
@ConfigurationProperties("gateway.storefront")
public record StorefrontSettings(
        @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
        Duration partTimeout) {}
