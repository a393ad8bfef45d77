package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be started on machines without a Docker engine, so it is kept honest here: every process
 * of the embedded runtime's topology is in it with the same published port and the same settings, every dependency
 * waits for health, and the default profile fits 8 GB. Change the topology and this test names what compose lacks.
 */
class ComposeMatchesTheEmbeddedRuntimeTest {

    /** Settings only a container needs (its port, JVM sizing, log format and the opt-in tracing), beside ServiceSettings'. */
    private static final Set<String> CONTAINER_ONLY_SETTINGS = Set.of(
            "SERVER_PORT",
            "MANAGEMENT_SERVER_PORT",
            "JAVA_TOOL_OPTIONS",
            "LOGGING_STRUCTURED_FORMAT_CONSOLE",
            "PATTERNSHOP_TRACE_SAMPLING",
            "PATTERNSHOP_TRACES_PER_SECOND");

    private static final long DEFAULT_PROFILE_BUDGET_BYTES = 8L * 1024 * 1024 * 1024;
    private static final Pattern LOOPBACK_ADDRESS = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    private static Topology topology;
    private static Map<String, Map<String, Object>> services;
    /** Which compose service publishes each port: how a 127.0.0.1 address becomes a container host name. */
    private static Map<Integer, String> hostByPort;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readCompose() throws IOException {
        topology = Topology.load(0);
        Path compose = projectDir().resolve("docker-compose.yml");
        try (Reader reader = Files.newBufferedReader(compose)) {
            Map<String, Object> document = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) document.get("services");
        }
        hostByPort = new HashMap<>();
        services.forEach((name, service) -> publishedPorts(service).forEach(port -> hostByPort.put(port, name)));
    }

    @Test
    void everyServiceInstanceIsThereWithItsPortAndSettings() {
        topology.servicePorts().forEach((service, ports) -> {
            for (int i = 0; i < ports.size(); i++) {
                String name = ports.size() == 1 ? service : service + "-" + (i + 1);
                Map<String, Object> container = service(name);
                assertThat(publishedPorts(container)).as(name).contains(ports.get(i));
                Map<String, String> environment = environment(container);
                assertThat(environment.get("SERVER_PORT"))
                        .as(name)
                        .isEqualTo(ports.get(i).toString());
                assertSameSettings(name, ServiceSettings.environment(service, topology), environment);
            }
        });
    }

    @Test
    void theGatewayKnowsEveryInstanceAsTheEmbeddedRuntimeTellsIt() {
        Map<String, Object> gateway = service("gateway");
        assertThat(publishedPorts(gateway)).contains(topology.gatewayPort(), topology.gatewayManagementPort());
        assertSameSettings("gateway", ServiceSettings.environment("gateway", topology), environment(gateway));

        List<String> expected = new ProcessLauncher(projectDir(), new RuntimeHome(Path.of("home")), topology)
                .gatewayArgs().stream()
                        // Where the key file lives and which address the actuator binds are the container's own.
                        .filter(arg -> !arg.startsWith("--gateway.auth.signing-key-file=")
                                && !arg.startsWith("--management.server.address="))
                        .map(ComposeMatchesTheEmbeddedRuntimeTest::withContainerHosts)
                        .toList();
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) gateway.get("command");
        assertThat(command).containsAll(expected);
        assertThat(command).anyMatch(arg -> arg.startsWith("--gateway.auth.signing-key-file="));
    }

    @Test
    void everyPostgresServerIsThereWithItsPortAndDatabases() {
        topology.postgres().forEach((cluster, servers) -> {
            Map<String, Object> primary = service("postgres-" + cluster);
            assertThat(publishedPorts(primary)).as(cluster).contains(servers.primaryPort());
            assertThat(environment(primary).get("PGPORT")).isEqualTo(Integer.toString(servers.primaryPort()));
            assertThat(List.of(environment(primary).get("PATTERNSHOP_DATABASES").split(",")))
                    .as(cluster + " databases")
                    .isEqualTo(servers.databases());
            assertThat(hostByPort.get(servers.primaryPort())).isEqualTo("postgres-" + cluster);
            if (servers.hasReplica()) {
                Map<String, Object> replica = service("postgres-" + cluster + "-replica");
                assertThat(publishedPorts(replica)).as(cluster + " replica").contains(servers.replicaPort());
                assertThat(environment(replica))
                        .containsEntry("PGPORT", Integer.toString(servers.replicaPort()))
                        .containsEntry("PATTERNSHOP_PRIMARY_HOST", "postgres-" + cluster)
                        .containsEntry("PATTERNSHOP_PRIMARY_PORT", Integer.toString(servers.primaryPort()));
            } else {
                assertThat(services).doesNotContainKey("postgres-" + cluster + "-replica");
            }
        });
    }

    @Test
    void redisKafkaItsTopicsAndTheToolsAreThere() {
        assertThat(publishedPorts(service("redis"))).contains(topology.redisPort());
        assertThat(publishedPorts(service("kafka"))).contains(topology.kafkaPort());
        assertThat(environment(service("kafka")).get("KAFKA_LISTENERS"))
                .contains(":" + topology.kafkaPort())
                .contains(":" + topology.kafkaControllerPort());

        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String topic :
                environment(service("kafka-topics")).get("KAFKA_TOPICS").split(",")) {
            String[] parts = topic.split(":");
            topics.put(parts[0], Integer.parseInt(parts[1]));
        }
        assertThat(topics).isEqualTo(topology.kafkaTopics());

        Map<String, Object> provider = service("payment-provider");
        assertThat(publishedPorts(provider)).contains(topology.paymentProviderPort());
        assertThat(String.join(" ", command(provider)))
                .contains("--port " + topology.paymentProviderPort())
                .contains("--max-request-journal-entries " + topology.paymentProviderJournalEntries());
        assertThat(volumes(provider)).anyMatch(volume -> volume.startsWith("./infra/docker/wiremock:"));

        Map<String, Object> receiver = service("webhook-receiver");
        assertThat(publishedPorts(receiver)).contains(topology.webhookReceiverPort());
        assertThat(command(receiver)).contains(Integer.toString(topology.webhookReceiverPort()));

        Map<String, Object> zipkin = service("zipkin");
        assertThat(publishedPorts(zipkin)).contains(topology.zipkinPort());
        assertThat(environment(zipkin)).containsEntry("MEM_MAX_SPANS", Integer.toString(topology.zipkinMaxSpans()));
        assertThat(zipkin.get("profiles")).isEqualTo(List.of("observability"));
    }

    @Test
    void everyDependencyWaitsForHealth() {
        services.forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, String>> dependsOn =
                    (Map<String, Map<String, String>>) service.getOrDefault("depends_on", Map.of());
            dependsOn.forEach((dependency, condition) -> {
                Map<String, Object> target = service(dependency);
                // A one-shot container (restart "no", no health check) is waited for until it has completed.
                boolean oneShot = "no".equals(target.get("restart")) && !target.containsKey("healthcheck");
                assertThat(condition.get("condition"))
                        .as(name + " -> " + dependency)
                        .isEqualTo(oneShot ? "service_completed_successfully" : "service_healthy");
                if (!oneShot) {
                    assertThat(target).as(dependency + " has a healthcheck").containsKey("healthcheck");
                }
            });
        });
        services.forEach((name, service) -> {
            boolean oneShot = "no".equals(service.get("restart"));
            assertThat(oneShot || service.containsKey("healthcheck"))
                    .as(name + " has a healthcheck")
                    .isTrue();
        });
    }

    @Test
    void theDefaultProfileFitsEightGigabytes() {
        long total = 0;
        for (Map.Entry<String, Map<String, Object>> entry : services.entrySet()) {
            if (entry.getValue().containsKey("profiles")) {
                continue;
            }
            String limit = memoryLimit(entry.getValue());
            assertThat(limit).as(entry.getKey() + " memory limit").isNotNull();
            total += bytes(limit);
        }
        assertThat(total).isLessThanOrEqualTo(DEFAULT_PROFILE_BUDGET_BYTES);
    }

    private static void assertSameSettings(String name, Map<String, String> embedded, Map<String, String> compose) {
        Map<String, String> expected = new LinkedHashMap<>();
        embedded.forEach((key, value) -> expected.put(key, withContainerHosts(key, value, embedded)));
        Map<String, String> actual = compose.entrySet().stream()
                .filter(entry -> !CONTAINER_ONLY_SETTINGS.contains(entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(actual).as(name + " settings").isEqualTo(expected);
    }

    /** 127.0.0.1:PORT becomes HOST:PORT, HOST the compose service publishing PORT. */
    private static String withContainerHosts(String value) {
        Matcher matcher = LOOPBACK_ADDRESS.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            int port = Integer.parseInt(matcher.group(1));
            assertThat(hostByPort).as("a compose service publishing " + port).containsKey(port);
            matcher.appendReplacement(result, hostByPort.get(port) + ":" + port);
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** A bare 127.0.0.1 (a *_HOST setting) becomes the service publishing the port of its *_PORT sibling. */
    private static String withContainerHosts(String key, String value, Map<String, String> settings) {
        if (value.equals("127.0.0.1") && key.endsWith("_HOST")) {
            String port = settings.get(key.substring(0, key.length() - "_HOST".length()) + "_PORT");
            return hostByPort.get(Integer.parseInt(port));
        }
        return withContainerHosts(value);
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).as("docker-compose.yml services").containsKey(name);
        return services.get(name);
    }

    /** The host side of each "host:container" mapping, which must equal the container side (same port inside). */
    private static List<Integer> publishedPorts(Map<String, Object> service) {
        List<Integer> ports = new ArrayList<>();
        for (Object mapping : (List<?>) service.getOrDefault("ports", List.of())) {
            String[] parts = mapping.toString().split(":");
            String hostPort = parts[parts.length - 2];
            assertThat(hostPort).as("published as inside: " + mapping).isEqualTo(parts[parts.length - 1]);
            ports.add(Integer.parseInt(hostPort));
        }
        return ports;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    private static List<String> command(Map<String, Object> service) {
        return ((List<?>) service.get("command")).stream().map(String::valueOf).toList();
    }

    private static List<String> volumes(Map<String, Object> service) {
        return ((List<?>) service.get("volumes")).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static String memoryLimit(Map<String, Object> service) {
        Map<String, Object> deploy = (Map<String, Object>) service.get("deploy");
        if (deploy == null) {
            return null;
        }
        Map<String, Object> limits =
                (Map<String, Object>) ((Map<String, Object>) deploy.get("resources")).get("limits");
        return limits == null ? null : String.valueOf(limits.get("memory"));
    }

    private static long bytes(String size) {
        long value = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> value * 1024;
            case 'm' -> value * 1024 * 1024;
            case 'g' -> value * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("a memory limit in k, m or g: " + size);
        };
    }

    static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a parent folder with docker-compose.yml").isNotNull();
        return dir;
    }
}
