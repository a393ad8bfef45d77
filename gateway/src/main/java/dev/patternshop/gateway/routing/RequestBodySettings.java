package dev.patternshop.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the edge accepts as a request body, whatever its framing (Content-Length or chunked).
 *
 * @param maxSize     larger bodies are refused with 413 as soon as they cross it (a declared length at once)
 * @param idleTimeout the longest pause between two pieces of a body before the request is refused with 408
 * @param readTimeout the longest a whole body may take to arrive (a body that trickles in forever is cut off)
 */
@ConfigurationProperties("gateway.request-body")
public record RequestBodySettings(@DefaultValue("64KB") DataSize maxSize, @DefaultValue("5s") Duration idleTimeout,
                                  @DefaultValue("15s") Duration readTimeout) {
}
