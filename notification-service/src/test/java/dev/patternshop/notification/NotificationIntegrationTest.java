package dev.patternshop.notification;

import dev.patternshop.testsupport.RealInfrastructure;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The notification service on real infrastructure: its database on the test Postgres, Kafka for the order events it
 * consumes. Every IT uses the same settings, so they share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(postgres = true, database = "notification", kafka = true)
public @interface NotificationIntegrationTest {}
