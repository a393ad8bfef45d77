package dev.patternshop.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a consuming service gets by depending on this library: {@link InboxConsumers} (the broker from
 * {@code spring.kafka.bootstrap-servers}, settings from {@code patternshop.messaging.consumer.*}, Boot's meter and
 * observation registries and JSON mapper), and, once it declares an {@link InboxConsumer} bean, {@link DeadLetters}
 * and, in a servlet web application, the admin endpoint {@code /admin/dead-letters}.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"
        })
@EnableConfigurationProperties(ConsumerSettings.class)
public class InboxAutoConfiguration {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    @Bean
    @ConditionalOnMissingBean
    InboxConsumers inboxConsumers(
            Environment environment,
            ConsumerSettings settings,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<JsonMapper> json) {
        return new InboxConsumers(
                bootstrapServers(environment),
                environment.getRequiredProperty("spring.application.name"),
                settings,
                meters.getIfAvailable(() -> Metrics.globalRegistry),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                json.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(InboxConsumer.class)
    DeadLetters deadLetters(Environment environment, ObjectProvider<InboxConsumer> consumers) {
        return new DeadLetters(
                bootstrapServers(environment), consumers.orderedStream().toList());
    }

    static String bootstrapServers(Environment environment) {
        return Binder.get(environment)
                .bind("spring.kafka.bootstrap-servers", Bindable.listOf(String.class))
                .map(servers -> String.join(",", servers))
                .orElse(DEFAULT_BOOTSTRAP_SERVERS);
    }

    /** The admin endpoint, in servlet web applications only. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    @ConditionalOnBean(InboxConsumer.class)
    static class AdminEndpoint {

        @Bean
        DeadLettersController deadLettersController(ObjectProvider<DeadLetters> deadLetters) {
            return new DeadLettersController(deadLetters.getObject());
        }
    }
}
