package dev.patternshop.order.catalog;

import dev.patternshop.order.placement.OrderSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.http.HttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogSettings.class)
class CatalogConfiguration {

    /** Boot's builder (tracing, JSON) with Spring Cloud's load balancer: a service id in the URL picks an instance. */
    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
        return configurer.configure(RestClient.builder());
    }

    @Bean
    CatalogProductPrices catalogProductPrices(
            @LoadBalanced RestClient.Builder builder,
            CatalogSettings settings,
            OrderSettings orders,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries) {
        // One catalog call prices a whole order: an order the catalog refuses to look up in one call could never
        // be placed, so such a configuration does not start.
        if (orders.maxLines() > settings.maxBatchIds()) {
            throw new IllegalStateException("orders.placement.max-lines (" + orders.maxLines() + ") exceeds "
                    + "orders.catalog.max-batch-ids (" + settings.maxBatchIds() + "), the catalog's ids per call");
        }
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .build());
        requests.setReadTimeout(settings.readTimeout());
        RestClient client = builder.clone()
                .baseUrl(settings.baseUrl())
                .requestFactory(requests)
                .build();
        return new CatalogProductPrices(
                client,
                breakers.circuitBreaker(CatalogProductPrices.RESILIENCE_NAME),
                retries.retry(CatalogProductPrices.RESILIENCE_NAME),
                settings.pricingDeadline());
    }
}
