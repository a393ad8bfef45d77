package dev.patternshop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Testcontainers path cannot run here (no Docker engine); what can be checked without one is that it is
 * compose's Postgres, Redis and Kafka: the same images, the same scripts at the same places, the same environment.
 */
class ContainerTestInfrastructureMatchesComposeTest {

    static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readCompose() throws IOException {
        // SnakeYAML resolves compose's anchors and merge keys (<<: *postgres-primary), as compose does.
        try (Reader compose = Files.newBufferedReader(RepositoryRoot.find().resolve(RepositoryRoot.MARKER))) {
            Map<String, Object> document = new Yaml().load(compose);
            services = (Map<String, Map<String, Object>>) document.get("services");
        }
    }

    @Test
    void theImagesAreComposes() {
        assertThat(services)
                .as("compose's Postgres servers")
                .containsKeys("postgres-catalog", "postgres-catalog-replica");
        services.forEach((name, service) -> {
            if (name.startsWith("postgres")) {
                assertThat(service.get("image")).as(name).isEqualTo(ContainerTestInfrastructure.POSTGRES_IMAGE);
            }
        });
        assertThat(services.get("redis").get("image")).isEqualTo(ContainerTestInfrastructure.REDIS_IMAGE);
        assertThat(services.get("kafka").get("image")).isEqualTo(ContainerTestInfrastructure.KAFKA_IMAGE);
    }

    @Test
    void thePrimaryRunsComposesInitScriptWithComposesEnvironment() {
        Map<String, Object> primary = services.get("postgres-catalog");

        assertThat(primary.get("volumes"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("./" + ContainerTestInfrastructure.PRIMARY_INIT_SCRIPT + ":"
                        + ContainerTestInfrastructure.PRIMARY_INIT_TARGET + ":ro");
        assertSameEnvironment(environment(primary), ContainerTestInfrastructure.primaryEnvironment());
    }

    @Test
    void theReplicaRunsComposesEntrypointWithComposesEnvironment() {
        Map<String, Object> replica = services.get("postgres-catalog-replica");

        assertThat(replica.get("entrypoint")).isEqualTo(List.of(ContainerTestInfrastructure.REPLICA_ENTRYPOINT_TARGET));
        assertThat(replica.get("volumes"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("./" + ContainerTestInfrastructure.REPLICA_ENTRYPOINT_SCRIPT + ":"
                        + ContainerTestInfrastructure.REPLICA_ENTRYPOINT_TARGET + ":ro");
        assertSameEnvironment(environment(replica), ContainerTestInfrastructure.replicaEnvironment());
    }

    @Test
    void theScriptsItCopiesExistAndAreExecutable() {
        for (String script : List.of(
                ContainerTestInfrastructure.PRIMARY_INIT_SCRIPT,
                ContainerTestInfrastructure.REPLICA_ENTRYPOINT_SCRIPT)) {
            assertThat(RepositoryRoot.find().resolve(script)).isRegularFile().isExecutable();
        }
    }

    /** The streaming check waits on the slot the scripts use: primary-init.sh makes it, the replica streams from it. */
    @Test
    void theSlotItWaitsOnIsTheScripts() throws IOException {
        String slot = ContainerTestInfrastructure.REPLICATION_SLOT;

        assertThat(Files.readString(RepositoryRoot.find().resolve(ContainerTestInfrastructure.PRIMARY_INIT_SCRIPT)))
                .contains("pg_create_physical_replication_slot('" + slot + "')");
        assertThat(Files.readString(
                        RepositoryRoot.find().resolve(ContainerTestInfrastructure.REPLICA_ENTRYPOINT_SCRIPT)))
                .contains("--slot " + slot + " ");
    }

    /**
     * The same variables; the same values where they are not about the topology (ports, host names and the
     * list of databases differ by design: one cluster on the containers' own port, databases made on demand).
     */
    private static void assertSameEnvironment(Map<String, String> compose, Map<String, String> containers) {
        assertThat(containers.keySet()).containsExactlyInAnyOrderElementsOf(compose.keySet());
        for (String fixed :
                List.of("POSTGRES_USER", "POSTGRES_PASSWORD", "PATTERNSHOP_REPLICATION_PASSWORD", "PGDATA")) {
            assertThat(containers.get(fixed)).as(fixed).isEqualTo(compose.get(fixed));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) service.get("environment"))
                .forEach((key, value) -> environment.put(key, value.toString()));
        return environment;
    }
}
