package dev.patternshop.order.catalog;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the order service reaches the catalog. Retry and circuit breaker live under
 * {@code resilience4j.*.instances.catalog} in application.yml.
 *
 * @param baseUrl        a load-balanced service id ({@code http://catalog-service}); the instances come from
 *                       discovery ({@code spring.cloud.discovery.client.simple.instances.catalog-service})
 * @param connectTimeout how long to wait for a connection to an instance
 * @param readTimeout    how long to wait for its answer: a slow catalog counts as a failed call
 * @param pricingDeadline how long pricing a whole order may take, retries included; the items are priced at
 *                       once, so this bounds the answer however many items there are. Kept under the
 *                       gateway's time limit, so the client hears this service's 503, not the edge's 504.
 * @param maxBatchIds    how many ids the catalog's {@code GET /products/batch} takes per call (its
 *                       {@code catalog.batch.max-ids}); an order is priced in one call, so
 *                       {@code orders.placement.max-lines} may not exceed it (checked at start)
 */
@Validated
@ConfigurationProperties("orders.catalog")
public record CatalogSettings(
        @NotBlank @DefaultValue("http://catalog-service") String baseUrl,

        @NotNull @DurationMin(millis = 1) @DefaultValue("500ms")
        Duration connectTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
        Duration readTimeout,

        @NotNull @DurationMin(millis = 1) @DefaultValue("2s")
        Duration pricingDeadline,

        @Min(1) @DefaultValue("100") int maxBatchIds) {}
