package dev.patternshop.gateway.loadbalancing;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param ejectionTime how long an instance that refused or dropped a connection stays out of the round robin;
 *                     about one readiness-check interval, after which the active check has its own verdict
 *                     (zero: no passive ejection)
 */
@Validated
@ConfigurationProperties("gateway.load-balancing")
public record LoadBalancingSettings(
        @NotNull @DurationMin(millis = 0) @DefaultValue("2s")
        Duration ejectionTime) {}
