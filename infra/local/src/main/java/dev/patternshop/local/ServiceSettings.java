package dev.patternshop.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each process is told about the infrastructure it talks to, as environment variables (Spring's
 * relaxed binding reads SPRING_DATASOURCE_URL as spring.datasource.url), the same way docker-compose.yml
 * passes them. Derived from the {@link Topology} only: no address is written twice.
 */
final class ServiceSettings {

    private static final String ORDERS_DATABASE = "orders";

    private ServiceSettings() {}

    static Map<String, String> environment(String service, Topology topology) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATTERNSHOP_ZIPKIN_URL", "http://127.0.0.1:" + topology.zipkinPort() + "/api/v2/spans");
        environment.put("SPRING_DATA_REDIS_HOST", "127.0.0.1");
        environment.put("SPRING_DATA_REDIS_PORT", Integer.toString(topology.redisPort()));
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + topology.kafkaPort());
        // Services check callers' tokens against the key the gateway publishes.
        environment.put("PATTERNSHOP_JWK_SET_URI", topology.gatewayUrl() + "/.well-known/jwks.json");
        database(service, topology).ifPresent(url -> {
            environment.put("SPRING_DATASOURCE_URL", url);
            environment.put("SPRING_DATASOURCE_USERNAME", "patternshop");
            environment.put("SPRING_DATASOURCE_PASSWORD", "patternshop");
        });
        if (service.equals("catalog-service")) {
            Topology.PostgresTopology cluster = topology.postgres().get("catalog");
            environment.put("CATALOG_REPLICA_URL", "jdbc:postgresql://127.0.0.1:" + cluster.replicaPort() + "/catalog");
            environment.put("CATALOG_REPLICA_USERNAME", "patternshop");
            environment.put("CATALOG_REPLICA_PASSWORD", "patternshop");
        }
        if (service.equals("order-service")) {
            environment.put(
                    "SPRING_APPLICATION_JSON",
                    "{" + orderShardClusters(topology) + "," + discovery("catalog-service", topology) + "}");
        }
        if (service.equals("notification-service")) {
            // The SSRF guard refuses loopback addresses; the demo receiver is the one it is told to allow.
            environment.put("NOTIFICATION_WEBHOOKS_ALLOWED_HOSTS", "127.0.0.1:" + topology.webhookReceiverPort());
        }
        if (service.equals("payment-service")) {
            environment.put("PATTERNSHOP_PAYMENT_PROVIDER_URL", "http://127.0.0.1:" + topology.paymentProviderPort());
        }
        return environment;
    }

    /**
     * The order service's shard clusters: every cluster holding an {@code orders} database, primary and replica.
     * As JSON (Spring's SPRING_APPLICATION_JSON) because the cluster names are map keys with dashes, which
     * environment-variable names cannot carry.
     */
    private static String orderShardClusters(Topology topology) {
        StringBuilder clusters = new StringBuilder();
        topology.postgres().forEach((name, cluster) -> {
            if (cluster.databases().contains(ORDERS_DATABASE)) {
                clusters.append(clusters.isEmpty() ? "" : ",")
                        .append('"')
                        .append(name)
                        .append("\":{")
                        .append("\"url\":\"jdbc:postgresql://127.0.0.1:")
                        .append(cluster.primaryPort())
                        .append('/')
                        .append(ORDERS_DATABASE)
                        .append("\",")
                        .append("\"replica-url\":\"jdbc:postgresql://127.0.0.1:")
                        .append(cluster.replicaPort())
                        .append('/')
                        .append(ORDERS_DATABASE)
                        .append("\",")
                        .append("\"username\":\"patternshop\",\"password\":\"patternshop\"}");
            }
        });
        return "\"orders\":{\"sharding\":{\"clusters\":{" + clusters + "}}}";
    }

    /** Where a client finds a service's instances (Spring Cloud's simple discovery; the load balancer picks one). */
    private static String discovery(String service, Topology topology) {
        StringBuilder instances = new StringBuilder();
        for (int port : topology.servicePorts().get(service)) {
            instances
                    .append(instances.isEmpty() ? "" : ",")
                    .append("{\"uri\":\"http://127.0.0.1:")
                    .append(port)
                    .append("\"}");
        }
        return "\"spring\":{\"cloud\":{\"discovery\":{\"client\":{\"simple\":{\"instances\":{\"" + service + "\":["
                + instances + "]}}}}}}";
    }

    /** The service's own database on the cluster that hosts it (the order service has its shard clusters instead). */
    private static java.util.Optional<String> database(String service, Topology topology) {
        if (service.equals("order-service")) {
            return java.util.Optional.empty();
        }
        String database = service.replace("-service", "");
        return topology.postgres().values().stream()
                .filter(cluster -> cluster.databases().contains(database))
                .findFirst()
                .map(cluster -> "jdbc:postgresql://127.0.0.1:" + cluster.primaryPort() + "/" + database);
    }
}
