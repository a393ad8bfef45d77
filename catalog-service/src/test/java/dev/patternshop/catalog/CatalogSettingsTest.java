package dev.patternshop.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.catalog.cache.CacheSettings;
import dev.patternshop.catalog.replication.PrimarySettings;
import dev.patternshop.catalog.replication.ReplicaSettings;
import dev.patternshop.testsupport.settings.ServiceSettingsContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The catalog's settings records bind from its real application.yml, and refuse a value that cannot work. */
class CatalogSettingsTest extends ServiceSettingsContract {

    @Override
    protected String servicePackage() {
        return "dev.patternshop.catalog";
    }

    @Test
    void theCatalogsOwnRecordsAreAmongThem() {
        assertThat(configuration().bindAll(servicePackage()))
                .hasAtLeastOneElementOfType(CacheSettings.class)
                .hasAtLeastOneElementOfType(PrimarySettings.class)
                .hasAtLeastOneElementOfType(ReplicaSettings.class);
        assertThat(configuration().bind(CacheSettings.class).ttl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aZeroCacheTtlIsRefused() {
        assertRefused(CacheSettings.class, "catalog.cache.ttl", "0s", "ttl");
    }

    @Test
    void aReplicaPoolOfNoConnectionsIsRefused() {
        assertRefused(ReplicaSettings.class, "catalog.replica.pool-size", "0", "poolSize");
    }
}
