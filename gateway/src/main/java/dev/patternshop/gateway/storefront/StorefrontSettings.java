package dev.patternshop.gateway.storefront;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param partTimeout how long the storefront waits for each part before answering without it; warm calls take
 *                    tens of milliseconds, but the first calls after a start take about a second
 */
@ConfigurationProperties("gateway.storefront")
public record StorefrontSettings(@DefaultValue("2s") Duration partTimeout) {
}
