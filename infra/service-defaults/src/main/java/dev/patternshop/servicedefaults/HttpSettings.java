package dev.patternshop.servicedefaults;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxRequestBody the largest request body a service reads; larger ones get 413 */
@ConfigurationProperties("patternshop.http")
public record HttpSettings(@DefaultValue("64KB") DataSize maxRequestBody) {
}
