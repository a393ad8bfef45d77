package dev.patternshop.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.order.catalog.CatalogSettings;
import dev.patternshop.order.messaging.OrderOutboxSettings;
import dev.patternshop.order.placement.OrderSettings;
import dev.patternshop.order.sharding.ShardingSettings;
import dev.patternshop.outbox.OutboxProducers;
import dev.patternshop.outbox.OutboxRelay;
import dev.patternshop.outbox.OutboxSettings;
import dev.patternshop.testsupport.settings.ApplicationSettings;
import dev.patternshop.testsupport.settings.ServiceSettingsContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The order service's settings records bind from its real application.yml, and refuse a value that cannot work. */
class OrderSettingsTest extends ServiceSettingsContract {

    @Override
    protected String servicePackage() {
        return "dev.patternshop.order";
    }

    /** The runtime supplies the broker and the clusters' addresses; these stand in for them. */
    @Override
    protected ApplicationSettings configuration() {
        return super.configuration()
                .with("spring.kafka.bootstrap-servers", "127.0.0.1:9092")
                .with("orders.sharding.clusters.orders-a.url", "jdbc:postgresql://127.0.0.1:1/orders")
                .with("orders.sharding.clusters.orders-b.url", "jdbc:postgresql://127.0.0.1:2/orders");
    }

    @Test
    void theOrderServicesOwnRecordsAreAmongThem() {
        assertThat(configuration().bindAll(servicePackage()))
                .hasAtLeastOneElementOfType(OrderSettings.class)
                .hasAtLeastOneElementOfType(ShardingSettings.class)
                .hasAtLeastOneElementOfType(CatalogSettings.class)
                .hasAtLeastOneElementOfType(OrderOutboxSettings.class);
        assertThat(configuration().bind(OrderSettings.class).maxPendingPerCustomer())
                .isEqualTo(20);
    }

    @Test
    void aPendingOrderCapOfNothingIsRefused() {
        assertRefused(OrderSettings.class, "orders.placement.max-pending-per-customer", "0", "maxPendingPerCustomer");
    }

    @Test
    void theOutboxRelaySettingsMakeARelayWhoseProducersCannotOutwaitIt() {
        OutboxSettings relay = configuration().bind(OrderOutboxSettings.class).relay();

        assertThat(relay.lease()).isEqualTo(Duration.ofSeconds(6));
        assertThat(relay.maxAttempts()).isEqualTo(5);
        OutboxRelay.checkTimeouts(OutboxProducers.factory("127.0.0.1:9092", "order-service-outbox"), relay);
    }

    @Test
    void anOutboxLeaseTooShortToHeartbeatIsRefused() {
        assertRefused(OrderOutboxSettings.class, "orders.outbox.lease", "100ms", "lease");
    }

    @Test
    void anOutboxThatNeverSetsARowAsideIsRefused() {
        assertRefused(OrderOutboxSettings.class, "orders.outbox.max-attempts", "0", "maxAttempts");
    }

    @Test
    void aShardPoolWithoutASocketTimeoutIsRefused() {
        assertRefused(ShardingSettings.class, "orders.sharding.pool.socket-timeout", "0s", "socketTimeout");
    }
}
