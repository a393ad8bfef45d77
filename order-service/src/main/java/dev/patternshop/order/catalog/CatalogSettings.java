package dev.patternshop.order.catalog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
@ConfigurationProperties("orders.catalog")
public record CatalogSettings(@DefaultValue("http://catalog-service") String baseUrl,
                              @DefaultValue("500ms") Duration connectTimeout,
                              @DefaultValue("1s") Duration readTimeout,
                              @DefaultValue("2s") Duration pricingDeadline,
                              @DefaultValue("100") int maxBatchIds) {
}
