package dev.patternshop.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.inbox.InboxFixture.TestCommand;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a service gets from the auto-configuration: the consumer factory with its settings, and, once it declares a
 * consumer, the dead letters, exposed on the admin endpoint in a servlet web application only.
 */
class InboxAutoConfigurationIT {

    final ApplicationContextRunner plain = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InboxAutoConfiguration.class))
            .withPropertyValues(
                    "spring.application.name=inbox-test",
                    "spring.kafka.bootstrap-servers=" + InboxFixture.BOOTSTRAP_SERVERS,
                    "patternshop.messaging.consumer.max-attempts=3");

    final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InboxAutoConfiguration.class))
            .withPropertyValues(
                    "spring.application.name=inbox-test",
                    "spring.kafka.bootstrap-servers=" + InboxFixture.BOOTSTRAP_SERVERS);

    @Test
    void aServiceWithoutConsumersGetsTheFactoryOnly() {
        plain.run(context -> {
            assertThat(context).hasSingleBean(InboxConsumers.class);
            assertThat(context.getBean(ConsumerSettings.class).maxAttempts()).isEqualTo(3);
            assertThat(context.getBean(InboxConsumers.class).bootstrapServers())
                    .isEqualTo(InboxFixture.BOOTSTRAP_SERVERS);
            assertThat(context).doesNotHaveBean(DeadLetters.class);
        });
    }

    @Test
    void aConsumingWebServiceGetsItsDeadLettersOnTheAdminEndpoint() {
        web.withUserConfiguration(AConsumer.class).run(context -> {
            assertThat(context).hasSingleBean(DeadLetters.class);
            assertThat(context).hasSingleBean(DeadLettersController.class);
            assertThat(context.getBean(DeadLetters.class).consumers()).containsExactly("stock");
            assertThat(context.getBean(InboxConsumer.class).groupId()).isEqualTo("inbox-test.stock");
            assertThat(context.getBean(InboxConsumer.class).isRunning()).isTrue();
        });
    }

    @Test
    void aConsumingServiceWithoutAWebServerHasNoEndpoint() {
        plain.withUserConfiguration(AConsumer.class).run(context -> {
            assertThat(context).hasSingleBean(DeadLetters.class);
            assertThat(context).doesNotHaveBean(DeadLettersController.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class AConsumer {

        /** The tests' shared pool: not closed with this context. */
        @Bean(destroyMethod = "")
        DataSource dataSource() {
            return InboxFixture.DATA_SOURCE;
        }

        @Bean
        InboxConsumer stockConsumer(InboxConsumers consumers, DataSource dataSource) {
            return consumers
                    .consumer("stock", InboxFixture.createTopic(1))
                    .on(TestCommand.TYPE, TestCommand.class, (command, envelope) -> {})
                    .build(dataSource);
        }
    }
}
