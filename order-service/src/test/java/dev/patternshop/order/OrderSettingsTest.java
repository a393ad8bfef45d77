package dev.patternshop.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.order.catalog.CatalogSettings;
import dev.patternshop.order.messaging.OrderOutboxSettings;
import dev.patternshop.order.placement.OrderSettings;
import dev.patternshop.order.sharding.ShardingSettings;
import dev.patternshop.testsupport.settings.ApplicationSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/** The order service's settings records bind from its real application.yml, and refuse a value that cannot work. */
class OrderSettingsTest {

    /** The runtime supplies the broker and the clusters' addresses; these stand in for them. */
    private static ApplicationSettings configuration() {
        return ApplicationSettings.load("application.yml")
                .with("spring.kafka.bootstrap-servers", "127.0.0.1:9092")
                .with("orders.sharding.clusters.orders-a.url", "jdbc:postgresql://127.0.0.1:1/orders")
                .with("orders.sharding.clusters.orders-b.url", "jdbc:postgresql://127.0.0.1:2/orders");
    }

    @Test
    void everySettingsRecordBindsFromTheRealConfiguration() {
        assertThat(configuration().bindAll("dev.patternshop.order", "dev.patternshop.servicedefaults"))
                .hasAtLeastOneElementOfType(OrderSettings.class)
                .hasAtLeastOneElementOfType(ShardingSettings.class)
                .hasAtLeastOneElementOfType(CatalogSettings.class)
                .hasAtLeastOneElementOfType(OrderOutboxSettings.class);
        assertThat(configuration().bind(OrderSettings.class).maxPendingPerCustomer())
                .isEqualTo(20);
    }

    @Test
    void aPendingOrderCapOfNothingIsRefused() {
        assertThatThrownBy(() -> configuration()
                        .with("orders.placement.max-pending-per-customer", "0")
                        .bind(OrderSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("maxPendingPerCustomer");
    }

    @Test
    void aShardPoolWithoutASocketTimeoutIsRefused() {
        assertThatThrownBy(() -> configuration()
                        .with("orders.sharding.pool.socket-timeout", "0s")
                        .bind(ShardingSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("socketTimeout");
    }
}
