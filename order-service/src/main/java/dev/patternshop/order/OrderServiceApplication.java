package dev.patternshop.order;

import dev.patternshop.order.placement.OrderSettings;
import dev.patternshop.order.saga.SagaSettings;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableConfigurationProperties({OrderSettings.class, SagaSettings.class})
@EnableScheduling
public class OrderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }

    /** The saga's clock (deadlines, retries); tests replace it to move time on. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
