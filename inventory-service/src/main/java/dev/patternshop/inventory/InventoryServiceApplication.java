package dev.patternshop.inventory;

import dev.patternshop.inventory.reservation.ReservationSettings;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableConfigurationProperties(ReservationSettings.class)
@EnableScheduling
public class InventoryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryServiceApplication.class, args);
    }

    /** Reservation times (created, expires) and event times; the database's now() stamps updated_at. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
