package dev.patternshop.payment.messaging;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the relay publishes: the broker address every service reads from {@code spring.kafka.bootstrap-servers},
 * which the runtime supplies (SPRING_KAFKA_BOOTSTRAP_SERVERS). A missing address stops the start, naming the key.
 */
@Validated
@ConfigurationProperties("spring.kafka")
public record BrokerSettings(@NotEmpty List<String> bootstrapServers) {

    public String bootstrapServersList() {
        return String.join(",", bootstrapServers);
    }
}
