package dev.patternshop.gateway.storefront;

import dev.patternshop.gateway.problem.ProblemResponses;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerExchangeFilterFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Aggregation (backend for frontend): {@code GET /api/storefront/products/{id}} asks the catalog for the
 * product ({@code GET /products/{id}}) and the inventory for its availability ({@code GET /products/{id}}: available,
 * reserved, version) at the same time, each with its own time limit and circuit
 * breaker ({@code storefront-catalog}, {@code storefront-inventory}: timeouts, connection failures and 5xx count;
 * open, the part is left out at once instead of waited for), and answers with what arrived. An unknown product
 * is a 404; both parts missing is a 503. Rate-limited like the routes it calls ({@code OwnAnswersRateLimitFilter}).
 */
@Tag(
        name = "storefront",
        description = "A product and its availability in one answer (catalog + inventory, each part optional).")
@RestController
@EnableConfigurationProperties(StorefrontSettings.class)
class StorefrontController {

    private static final Logger LOG = LoggerFactory.getLogger(StorefrontController.class);
    static final String PRODUCT = "product";
    static final String AVAILABILITY = "availability";

    static final String CATALOG_BREAKER = "storefront-catalog";
    static final String INVENTORY_BREAKER = "storefront-inventory";

    private final WebClient services;
    private final StorefrontSettings settings;
    private final CircuitBreakerRegistry breakers;

    /** http://<service-name>/ resolves through Spring Cloud LoadBalancer, like the routes' lb:// URIs. */
    StorefrontController(
            WebClient.Builder webClients,
            ReactorLoadBalancerExchangeFilterFunction loadBalancer,
            StorefrontSettings settings,
            CircuitBreakerRegistry breakers) {
        this.breakers = breakers;
        // A copy: the shared builder (traced, used by the load balancer's health checks) stays plain.
        this.services = webClients.clone().filter(loadBalancer).build();
        this.settings = settings;
    }

    @GetMapping("/api/storefront/products/{id}")
    Mono<ResponseEntity<?>> product(@PathVariable long id) {
        Mono<Optional<JsonNode>> product = part("http://catalog-service/products/" + id, CATALOG_BREAKER);
        Mono<Optional<JsonNode>> availability = part("http://inventory-service/products/" + id, INVENTORY_BREAKER);
        return Mono.zip(product, availability).map(parts -> {
            if (parts.getT1().isPresent() && parts.getT1().get().isMissingNode()) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(ProblemResponses.problem(HttpStatus.NOT_FOUND, "No product with id " + id + "."));
            }
            List<String> missing = new ArrayList<>();
            parts.getT1().ifPresentOrElse(p -> {}, () -> missing.add(PRODUCT));
            parts.getT2().filter(a -> !a.isMissingNode()).ifPresentOrElse(a -> {}, () -> missing.add(AVAILABILITY));
            if (missing.size() == 2) {
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", "1")
                        .body(ProblemResponses.problem(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "Neither the catalog nor the inventory answered; try again shortly."));
            }
            return ResponseEntity.ok(new StorefrontProduct(
                    parts.getT1().orElse(null),
                    parts.getT2().filter(a -> !a.isMissingNode()).orElse(null),
                    missing));
        });
    }

    /**
     * The part's JSON; a MissingNode when the service says 404; empty when it failed, was too slow or its breaker
     * is open. A 4xx is the service's answer, not its failure: it leaves the part out without counting.
     */
    private Mono<Optional<JsonNode>> part(String url, String breaker) {
        return services.get()
                .uri(url)
                .retrieve()
                .bodyToMono(JsonNode.class)
                .map(Optional::of)
                .onErrorResume(
                        WebClientResponseException.NotFound.class,
                        notFound -> Mono.just(Optional.of(MissingNode.getInstance())))
                .onErrorResume(
                        e -> e instanceof WebClientResponseException response
                                && response.getStatusCode().is4xxClientError(),
                        e -> {
                            LOG.debug("Storefront part {} left out: {}", url, e.toString());
                            return Mono.just(Optional.empty());
                        })
                .timeout(settings.partTimeout())
                .transformDeferred(CircuitBreakerOperator.of(breakers.circuitBreaker(breaker)))
                .onErrorResume(error -> {
                    if (error instanceof CallNotPermittedException) {
                        LOG.debug("Storefront part {} left out: breaker {} is open", url, breaker);
                    } else {
                        LOG.warn("Storefront part {} left out: {}", url, error.toString());
                    }
                    return Mono.just(Optional.empty());
                });
    }
}
