package dev.patternshop.gateway.storefront;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param partTimeout how long the storefront waits for each part before answering without it
 */
@ConfigurationProperties("gateway.storefront")
public record StorefrontSettings(@DefaultValue("1s") Duration partTimeout) {
}
