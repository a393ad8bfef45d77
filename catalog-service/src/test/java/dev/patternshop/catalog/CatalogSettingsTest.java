package dev.patternshop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.catalog.cache.CacheSettings;
import dev.patternshop.catalog.replication.PrimarySettings;
import dev.patternshop.catalog.replication.ReplicaSettings;
import dev.patternshop.servicedefaults.HttpSettings;
import dev.patternshop.testsupport.settings.ApplicationSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/** The catalog's settings records bind from its real application.yml, and refuse a value that cannot work. */
class CatalogSettingsTest {

    @Test
    void everySettingsRecordBindsFromTheRealConfiguration() {
        assertThat(ApplicationSettings.load("application.yml")
                        .bindAll("dev.patternshop.catalog", "dev.patternshop.servicedefaults"))
                .hasAtLeastOneElementOfType(CacheSettings.class)
                .hasAtLeastOneElementOfType(PrimarySettings.class)
                .hasAtLeastOneElementOfType(ReplicaSettings.class);
        assertThat(ApplicationSettings.load("application.yml")
                        .bind(CacheSettings.class)
                        .ttl())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aZeroCacheTtlIsRefused() {
        assertThatThrownBy(() -> ApplicationSettings.load("application.yml")
                        .with("catalog.cache.ttl", "0s")
                        .bind(CacheSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("catalog.cache")
                .hasMessageContaining("ttl");
    }

    @Test
    void aReplicaPoolOfNoConnectionsIsRefused() {
        assertThatThrownBy(() -> ApplicationSettings.load("application.yml")
                        .with("catalog.replica.pool-size", "0")
                        .bind(ReplicaSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("poolSize");
    }

    @Test
    void aBodyLimitOfNothingIsRefused() {
        assertThatThrownBy(() -> ApplicationSettings.load("application.yml")
                        .with("patternshop.http.max-request-body", "0B")
                        .bind(HttpSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("max-request-body");
    }
}
