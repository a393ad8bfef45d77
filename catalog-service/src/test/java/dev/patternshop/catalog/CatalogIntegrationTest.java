package dev.patternshop.catalog;

import dev.patternshop.testsupport.RealInfrastructure;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The catalog on real infrastructure: Postgres primary + streaming replica, Redis. Every IT uses the same
 * settings, so they share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "catalog.replica.url=${" + RealInfrastructure.REPLICA_URL_PROPERTY + "}",
            "catalog.replica.username=${spring.datasource.username}",
            "catalog.replica.password=${spring.datasource.password}",
            "catalog.replica.check-interval=200ms",
            "resilience4j.circuitbreaker.instances.redis.wait-duration-in-open-state=1s",
            "patternshop.http.max-request-body=16KB"
        })
@RealInfrastructure(postgres = true, database = "catalog", redis = true)
public @interface CatalogIntegrationTest {}
