package dev.patternshop.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (class or method) that needs the embedded infrastructure's processes: it stops, restarts or freezes a
 * server, or starts servers of its own. Skipped under Testcontainers ({@link TestInfrastructure#mode()}), with
 * {@link #value() the reason} in the report; runs as usual on the embedded path.
 * {@code EveryIntegrationTestGoesThroughTheInfrastructureSwitchTest} requires it wherever an integration test
 * reaches {@link TestInfrastructure#embedded()} or an embedded server type.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedInfrastructureOnlyCondition.class)
public @interface EmbeddedInfrastructureOnly {

    /** Why the Testcontainers path cannot run it, e.g. "stops and restarts the Redis server". */
    String value();
}
