package dev.patternshop.notification.webhook;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the webhook feature: the fan-out sink, the API's use cases and the delivery worker. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookSettings.class)
class WebhookConfiguration {

    /** Webhook times are UTC wall-clock instants; kept out of the context so it clashes with no other Clock bean. */
    private static final Clock CLOCK = Clock.systemUTC();

    @Bean
    DestinationPolicy webhookDestinationPolicy(WebhookSettings settings) {
        return new DestinationPolicy(HostResolver.system(), settings.allowedHosts());
    }

    @Bean
    WebhookFanOut webhookFanOut(WebhookStore store, JsonMapper json) {
        return new WebhookFanOut(store, json, CLOCK);
    }

    @Bean
    WebhookSubscriptions webhookSubscriptions(
            WebhookStore store,
            DestinationPolicy policy,
            WebhookSettings settings,
            PlatformTransactionManager transactionManager,
            CircuitBreakerRegistry breakers) {
        return new WebhookSubscriptions(
                store, policy, settings, new TransactionTemplate(transactionManager), breakers, CLOCK);
    }

    @Bean
    WebhookSecretCipher webhookSecretCipher(WebhookSettings settings) {
        return new WebhookSecretCipher(settings.secretKey());
    }

    @Bean
    WebhookDeliveryWorker webhookDeliveryWorker(
            WebhookStore store,
            DestinationPolicy policy,
            CircuitBreakerRegistry breakers,
            WebhookSecretCipher secrets,
            WebhookSettings settings,
            PlatformTransactionManager transactionManager,
            MeterRegistry meters) {
        // Never follows a redirect (it could lead inside the network); HTTP/1.1, as receivers most often speak it
        // and without the h2c upgrade some servers mishandle.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .build();
        WebhookSender sender = new WebhookSender(http, policy, breakers, secrets, settings.requestTimeout(), CLOCK);
        return new WebhookDeliveryWorker(
                store, sender, settings, new TransactionTemplate(transactionManager), CLOCK, meters);
    }
}
