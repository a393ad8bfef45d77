package dev.patternshop.payment;

import dev.patternshop.payment.payments.PaymentSettings;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties(PaymentSettings.class)
public class PaymentServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PaymentServiceApplication.class, args);
    }

    /** Event times (the stream's occurred-at) and reply times. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
