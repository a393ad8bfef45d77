package dev.patternshop.payment.provider;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProviderSettings.class)
class ProviderConfiguration {

    /** The one {@code PaymentProvider} of the service; Boot's builder brings tracing and JSON. */
    @Bean
    ProviderClient paymentProvider(
            RestClient.Builder builder,
            ProviderSettings settings,
            BulkheadRegistry bulkheads,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            MeterRegistry meters) {
        // HTTP/1.1: the JDK client's default HTTP/2 upgrade (h2c) against WireMock's Jetty ended in reset streams.
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build());
        requests.setReadTimeout(settings.readTimeout());
        RestClient client = builder.clone()
                .baseUrl(settings.url().toString())
                .requestFactory(requests)
                .build();
        return new ProviderClient(
                client,
                new ProviderTranslator(),
                countingRejections(bulkheads.bulkhead(ProviderClient.RESILIENCE_NAME), meters),
                retries.retry(ProviderClient.RESILIENCE_NAME),
                breakers.circuitBreaker(ProviderClient.RESILIENCE_NAME));
    }

    /**
     * Resilience4j's metrics show a bulkhead's free places but not the calls it refused; this counter,
     * {@code bulkhead_calls_rejected_total{name}}, is what the resilience dashboard plots as refusals.
     */
    static Bulkhead countingRejections(Bulkhead bulkhead, MeterRegistry meters) {
        Counter rejected = Counter.builder("bulkhead.calls.rejected")
                .description("Calls refused because every place of the bulkhead was taken")
                .tag("name", bulkhead.getName())
                .register(meters);
        bulkhead.getEventPublisher().onCallRejected(event -> rejected.increment());
        return bulkhead;
    }
}
