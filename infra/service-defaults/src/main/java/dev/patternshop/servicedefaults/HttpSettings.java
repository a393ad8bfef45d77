package dev.patternshop.servicedefaults;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxRequestBody the largest request body a service reads; larger ones get 413. From 1 byte to 2 GB:
 *                       {@link RequestBodyLimitFilter} holds a chunked body of up to this size in one array
 */
@Validated
@ConfigurationProperties("patternshop.http")
public record HttpSettings(@NotNull @DefaultValue("64KB") DataSize maxRequestBody) {

    static final DataSize LARGEST = DataSize.ofBytes(Integer.MAX_VALUE - 1);

    @AssertTrue(message = "max-request-body must be between 1B and 2GB")
    boolean isMaxRequestBodyInRange() {
        return maxRequestBody == null || (maxRequestBody.toBytes() >= 1 && maxRequestBody.compareTo(LARGEST) <= 0);
    }
}
