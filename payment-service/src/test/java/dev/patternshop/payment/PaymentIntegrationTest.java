package dev.patternshop.payment;

import dev.patternshop.testsupport.RealInfrastructure;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The payment service on real infrastructure: its database on the test Postgres, Kafka for its inbox and relay, and
 * the provider played by {@link ScriptedPaymentProvider} (the real client lives in package {@code provider}, built
 * separately). Every IT uses the same settings, so they share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(postgres = true, database = "payment", kafka = true)
@Import(ScriptedPaymentProvider.Configuration.class)
public @interface PaymentIntegrationTest {}
