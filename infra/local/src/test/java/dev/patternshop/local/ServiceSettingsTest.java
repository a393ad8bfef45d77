package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

    private final Topology topology = Topology.load(0);

    @Test
    void serviceIsPointedAtItsOwnDatabaseOnTheClusterThatHostsIt() {
        Map<String, String> inventory = ServiceSettings.environment("inventory-service", topology);
        Map<String, String> catalog = ServiceSettings.environment("catalog-service", topology);

        assertThat(inventory).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:15462/inventory");
        assertThat(catalog).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:15432/catalog");
    }

    @Test
    void orderServiceGetsEveryShardClusterWithItsReplica() {
        Map<String, String> orders = ServiceSettings.environment("order-service", topology);

        assertThat(orders).doesNotContainKey("SPRING_DATASOURCE_URL");
        assertThat(orders.get("SPRING_APPLICATION_JSON"))
                .contains("\"orders-a\":{\"url\":\"jdbc:postgresql://127.0.0.1:15442/orders\","
                        + "\"replica-url\":\"jdbc:postgresql://127.0.0.1:15443/orders\"")
                .contains("\"orders-b\":{\"url\":\"jdbc:postgresql://127.0.0.1:15452/orders\"");
    }

    @Test
    void orderServiceFindsEveryCatalogInstanceToPriceOrders() {
        String json = ServiceSettings.environment("order-service", topology).get("SPRING_APPLICATION_JSON");

        List<String> catalogs =
                JsonPath.read(json, "$.spring.cloud.discovery.client.simple.instances['catalog-service'][*].uri");
        List<String> clusters = JsonPath.read(json, "$.orders.sharding.clusters.*.url");

        assertThat(catalogs).containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8082");
        assertThat(clusters).hasSize(2);
    }

    @Test
    void everyInventoryInstanceSharesTheOneInventoryDatabase() {
        assertThat(topology.servicePorts().get("inventory-service")).hasSize(2);
        assertThat(ServiceSettings.environment("inventory-service", topology))
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:15462/inventory")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
    }

    @Test
    void catalogReadsFromItsClustersStreamingReplica() {
        assertThat(ServiceSettings.environment("catalog-service", topology))
                .containsEntry("CATALOG_REPLICA_URL", "jdbc:postgresql://127.0.0.1:15433/catalog");
    }

    @Test
    void onlyThePaymentServiceKnowsTheExternalProvider() {
        assertThat(ServiceSettings.environment("payment-service", topology))
                .containsEntry("PATTERNSHOP_PAYMENT_PROVIDER_URL", "http://127.0.0.1:18089");
        assertThat(ServiceSettings.environment("order-service", topology))
                .doesNotContainKey("PATTERNSHOP_PAYMENT_PROVIDER_URL");
    }

    @Test
    void everyServiceChecksTokensAgainstTheGatewaysKeys() {
        for (String service : Topology.SERVICES) {
            assertThat(ServiceSettings.environment(service, Topology.load(1000)))
                    .containsEntry("PATTERNSHOP_JWK_SET_URI", "http://127.0.0.1:9080/.well-known/jwks.json");
        }
    }

    @Test
    void runtimeWaitsForEveryServiceOnTheGatewaysOwnRoutes() throws Exception {
        String gatewayConfig = Files.readString(Path.of("../../gateway/src/main/resources/application.yml"));

        assertThat(Readiness.GATEWAY_ROUTES).containsOnlyKeys(Topology.SERVICES);
        Readiness.GATEWAY_ROUTES.forEach((service, route) -> assertThat(gatewayConfig)
                .contains("uri: lb://" + service + "\n              predicates:\n                - Path=/api/" + route
                        + "/**"));
    }

    @Test
    void everyProcessExportsTracesToTheRuntimesZipkin() {
        assertThat(ServiceSettings.environment("gateway", Topology.load(1000)))
                .containsEntry("PATTERNSHOP_ZIPKIN_URL", "http://127.0.0.1:10411/api/v2/spans")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:20092");
    }
}
