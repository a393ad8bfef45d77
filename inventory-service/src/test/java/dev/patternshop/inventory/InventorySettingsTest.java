package dev.patternshop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.inventory.messaging.InventoryOutboxSettings;
import dev.patternshop.inventory.reservation.ReservationSettings;
import dev.patternshop.inventory.stock.StockSettings;
import dev.patternshop.testsupport.settings.ApplicationSettings;
import dev.patternshop.testsupport.settings.ServiceSettingsContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The inventory's settings records bind from its real application.yml, and refuse a value that cannot work. */
class InventorySettingsTest extends ServiceSettingsContract {

    @Override
    protected String servicePackage() {
        return "dev.patternshop.inventory";
    }

    /** The runtime supplies the broker; this stands in for it. */
    @Override
    protected ApplicationSettings configuration() {
        return super.configuration().with("spring.kafka.bootstrap-servers", "127.0.0.1:9092");
    }

    @Test
    void theInventorysOwnRecordsAreAmongThem() {
        assertThat(configuration().bindAll(servicePackage()))
                .hasAtLeastOneElementOfType(ReservationSettings.class)
                .hasAtLeastOneElementOfType(StockSettings.class)
                .hasAtLeastOneElementOfType(InventoryOutboxSettings.class);
        ReservationSettings reservations = configuration().bind(ReservationSettings.class);
        assertThat(reservations.ttl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(reservations.maxLines()).isEqualTo(50);
        assertThat(configuration().bind(StockSettings.class).maxBulkIds()).isEqualTo(100);
    }

    @Test
    void aReservationTtlOfNothingIsRefused() {
        assertRefused(ReservationSettings.class, "inventory.reservations.ttl", "0s", "ttl");
    }

    @Test
    void anExpiryBatchOfNothingIsRefused() {
        assertRefused(ReservationSettings.class, "inventory.reservations.expiry-batch", "0", "expiryBatch");
    }

    @Test
    void aBulkReadOfNoIdsIsRefused() {
        assertRefused(StockSettings.class, "inventory.stock.max-bulk-ids", "0", "maxBulkIds");
    }

    @Test
    void anAvailableLimitNearTheIntegerRangeIsRefused() {
        assertRefused(StockSettings.class, "inventory.stock.max-available", "2000000000", "maxAvailable");
    }
}
