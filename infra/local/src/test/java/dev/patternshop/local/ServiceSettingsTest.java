package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

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
    void everyProcessExportsTracesToTheRuntimesZipkin() {
        assertThat(ServiceSettings.environment("gateway", Topology.load(1000)))
                .containsEntry("PATTERNSHOP_ZIPKIN_URL", "http://127.0.0.1:10411/api/v2/spans")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:20092");
    }
}
