package dev.patternshop.gateway.loadbalancing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ejectionTime how long an instance that refused or dropped a connection stays out of the round robin;
 *                     about one readiness-check interval, after which the active check has its own verdict
 */
@ConfigurationProperties("gateway.load-balancing")
public record LoadBalancingSettings(@DefaultValue("2s") Duration ejectionTime) {
}
