package dev.patternshop.gateway.routing;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the edge accepts as a request body, whatever its framing (Content-Length or chunked).
 *
 * @param maxSize     larger bodies are refused with 413 as soon as they cross it (a declared length at once);
 *                    from 1 byte to 2 GB (a body the route filters keep for a retry is one buffer, at most 2 GB)
 * @param idleTimeout the longest pause between two pieces of a body before the request is refused with 408
 * @param readTimeout the longest a whole body may take to arrive (a body that trickles in forever is cut off)
 */
@Validated
@ConfigurationProperties("gateway.request-body")
public record RequestBodySettings(
        @NotNull @DefaultValue("64KB") DataSize maxSize,

        @NotNull @DurationMin(millis = 1) @DefaultValue("5s")
        Duration idleTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("15s")
        Duration readTimeout) {

    static final DataSize LARGEST = DataSize.ofBytes(Integer.MAX_VALUE - 1);

    @AssertTrue(message = "max-size must be between 1B and 2GB")
    boolean isMaxSizeInRange() {
        return maxSize == null || (maxSize.toBytes() >= 1 && maxSize.compareTo(LARGEST) <= 0);
    }
}
