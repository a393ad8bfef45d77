package dev.patternshop.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context at real infrastructure, started once per test JVM and shared by every
 * context that asks for it: Postgres (primary + streaming replica), Redis, Kafka.
 *
 * <p>Sets Boot's own properties ({@code spring.datasource.*}, {@code spring.data.redis.*},
 * {@code spring.kafka.bootstrap-servers}) plus {@value #REPLICA_URL_PROPERTY} for services that route
 * reads to the replica. Embedded processes by default; Testcontainers when
 * {@code PATTERNSHOP_TEST_INFRASTRUCTURE=testcontainers} (see {@link TestInfrastructure}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RealInfrastructure {

    String REPLICA_URL_PROPERTY = "patternshop.test.postgres.replica-url";

    boolean postgres() default false;

    /** The database the context uses on the shared cluster; created if missing. */
    String database() default "patternshop";

    /**
     * More databases on the shared cluster (created if missing), for a service with several (the order
     * service's shard clusters). Each is exposed as {@code patternshop.test.postgres.databases.<name>.primary-url}
     * and {@code .replica-url}; user and password as for the main one.
     */
    String[] databases() default {};

    boolean redis() default false;

    boolean kafka() default false;
}
