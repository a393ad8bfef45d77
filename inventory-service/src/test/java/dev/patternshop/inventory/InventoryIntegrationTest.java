package dev.patternshop.inventory;

import dev.patternshop.testsupport.RealInfrastructure;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The inventory service on real infrastructure: its database on the test Postgres, Kafka for its outbox relay.
 * The expiry job runs once at start and then not for an hour: the tests call it themselves, with the time they
 * choose, so no test waits on a clock. Every IT uses the same settings, so they share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "inventory.reservations.expiry-interval=1h",
            "inventory.reservations.expiry-batch=5",
            // 50 threads share 10 connections in ReservationConcurrencyIT: they queue, however slow the machine.
            "spring.datasource.hikari.connection-timeout=60000"
        })
@RealInfrastructure(postgres = true, database = "inventory", kafka = true)
public @interface InventoryIntegrationTest {}
