package dev.patternshop.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Turns {@link RealInfrastructure} on a test class into connection properties for its Spring context. */
class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .get(RealInfrastructure.class)
                .synthesize(annotation -> annotation.isPresent())
                .map(annotation -> new Customizer(
                        annotation.postgres(),
                        annotation.database(),
                        List.of(annotation.databases()),
                        annotation.redis(),
                        annotation.kafka()))
                .orElse(null);
    }

    /** A record, so that contexts asking for the same infrastructure share one cached context. */
    record Customizer(boolean postgres, String database, List<String> databases, boolean redis, boolean kafka)
            implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestInfrastructure infrastructure = TestInfrastructure.shared();
            Map<String, Object> properties = new LinkedHashMap<>();
            // No Zipkin runs beside the tests: without this every test JVM logs failed span exports. Only the
            // exporters are switched off: in Boot 4 the global management.tracing.export.enabled=false also drops
            // the W3C propagator (a no-op TextMapPropagator instead), so no trace would cross HTTP or Kafka and no
            // test could prove one does. Spans are still created and propagated, just never sent anywhere.
            properties.put("management.tracing.export.zipkin.enabled", false);
            properties.put("management.tracing.export.otlp.enabled", false);
            if (postgres) {
                TestInfrastructure.PostgresEndpoints endpoints = infrastructure.postgres(database);
                properties.put("spring.datasource.url", endpoints.primaryUrl());
                properties.put("spring.datasource.username", endpoints.username());
                properties.put("spring.datasource.password", endpoints.password());
                properties.put(RealInfrastructure.REPLICA_URL_PROPERTY, endpoints.replicaUrl());
            }
            for (String name : databases) {
                TestInfrastructure.PostgresEndpoints endpoints = infrastructure.postgres(name);
                String prefix = "patternshop.test.postgres.databases." + name + ".";
                properties.put(prefix + "primary-url", endpoints.primaryUrl());
                properties.put(prefix + "replica-url", endpoints.replicaUrl());
                properties.put(prefix + "username", endpoints.username());
                properties.put(prefix + "password", endpoints.password());
            }
            if (redis) {
                TestInfrastructure.RedisEndpoint endpoint = infrastructure.redis();
                properties.put("spring.data.redis.host", endpoint.host());
                properties.put("spring.data.redis.port", endpoint.port());
            }
            if (kafka) {
                properties.put("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("realInfrastructure", properties));
        }
    }
}
