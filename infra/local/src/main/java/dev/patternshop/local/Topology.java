package dev.patternshop.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The runtime's topology, read from {@code local-runtime.properties}: the only place that knows ports.
 * A port offset shifts every port at once.
 */
public record Topology(
        int gatewayPort,
        int gatewayManagementPort,
        Map<String, List<Integer>> servicePorts,
        Map<String, PostgresTopology> postgres,
        int redisPort,
        int kafkaPort,
        int kafkaControllerPort,
        Map<String, Integer> kafkaTopics,
        int zipkinPort,
        int zipkinMaxSpans,
        int paymentProviderPort,
        int paymentProviderJournalEntries,
        int webhookReceiverPort,
        Prometheus prometheus,
        Heaps heaps,
        int seededProducts,
        int warmUpProductReads) {

    public static final List<String> SERVICES =
            List.of("catalog-service", "order-service", "inventory-service", "payment-service", "notification-service");
    private static final List<String> CLUSTERS = List.of("catalog", "orders-a", "orders-b", "services");

    public record PostgresTopology(String name, int primaryPort, int replicaPort, List<String> databases) {

        public boolean hasReplica() {
            return replicaPort > 0;
        }
    }

    /** Prometheus, started only when it is installed: where it listens, how often it scrapes, how long it keeps data. */
    public record Prometheus(int port, String scrapeInterval, String retention) {

        public String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    public record Heaps(
            String service,
            String gateway,
            String kafka,
            String zipkin,
            String paymentProvider,
            String webhookReceiver) {}

    public static Topology load(int portOffset) {
        Properties properties = new Properties();
        try (InputStream in = Topology.class.getResourceAsStream("/local-runtime.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("local-runtime.properties is missing from the launcher's class path", e);
        }
        Reader reader = new Reader(properties, portOffset);
        Map<String, List<Integer>> services = new LinkedHashMap<>();
        SERVICES.forEach(service -> services.put(service, reader.ports(service + ".ports")));
        Map<String, PostgresTopology> clusters = new LinkedHashMap<>();
        for (String cluster : CLUSTERS) {
            List<Integer> ports = reader.ports("postgres." + cluster + ".ports");
            clusters.put(
                    cluster,
                    new PostgresTopology(
                            cluster,
                            ports.getFirst(),
                            ports.size() > 1 ? ports.get(1) : 0,
                            reader.list("postgres." + cluster + ".databases")));
        }
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String topic : reader.list("kafka.topics")) {
            String[] parts = topic.split(":");
            topics.put(parts[0], Integer.parseInt(parts[1]));
        }
        return new Topology(
                reader.port("gateway.port"),
                reader.port("gateway.management-port"),
                services,
                clusters,
                reader.port("redis.port"),
                reader.port("kafka.port"),
                reader.port("kafka.controller-port"),
                topics,
                reader.port("zipkin.port"),
                Integer.parseInt(reader.text("zipkin.max-spans")),
                reader.port("payment-provider.port"),
                Integer.parseInt(reader.text("payment-provider.journal-entries")),
                reader.port("webhook-receiver.port"),
                new Prometheus(
                        reader.port("prometheus.port"),
                        reader.text("prometheus.scrape-interval"),
                        reader.text("prometheus.retention")),
                new Heaps(
                        reader.text("heap.service"),
                        reader.text("heap.gateway"),
                        reader.text("heap.kafka"),
                        reader.text("heap.zipkin"),
                        reader.text("heap.payment-provider"),
                        reader.text("heap.webhook-receiver")),
                Integer.parseInt(reader.text("catalog.seeded-products")),
                Integer.parseInt(reader.text("warm-up.product-reads-per-catalog-instance")));
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** The gateway's actuator (health, Prometheus): operators only, never on the public port. */
    public String gatewayManagementUrl() {
        return "http://127.0.0.1:" + gatewayManagementPort;
    }

    /**
     * The name of each service instance, in the topology's order, with its port: {@code catalog-service-1}, ... when
     * a service runs more than one instance, the service's name alone when it runs one. The process names of the
     * runtime and the host names of docker-compose.yml.
     */
    public List<ServiceInstance> serviceInstances() {
        List<ServiceInstance> instances = new ArrayList<>();
        servicePorts.forEach((service, ports) -> {
            for (int i = 0; i < ports.size(); i++) {
                instances.add(new ServiceInstance(
                        service, ports.size() == 1 ? service : service + "-" + (i + 1), ports.get(i)));
            }
        });
        return instances;
    }

    public record ServiceInstance(String service, String name, int port) {}

    private record Reader(Properties properties, int offset) {

        String text(String key) {
            String value = properties.getProperty(key);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("local-runtime.properties has no " + key);
            }
            return value.strip();
        }

        int port(String key) {
            return Integer.parseInt(text(key)) + offset;
        }

        List<Integer> ports(String key) {
            return list(key).stream()
                    .map(port -> Integer.parseInt(port) + offset)
                    .toList();
        }

        List<String> list(String key) {
            return Arrays.stream(text(key).split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
    }
}
