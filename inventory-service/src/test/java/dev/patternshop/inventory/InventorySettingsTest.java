package dev.patternshop.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.servicedefaults.HttpSettings;
import dev.patternshop.servicedefaults.security.SecuritySettings;
import dev.patternshop.testsupport.settings.ApplicationSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/**
 * The settings this service runs on bind from its real application.yml (with the shared defaults it imports) and
 * refuse a value that cannot work. It has no settings records of its own yet; its package is scanned, so the
 * first one it adds is bound (and must be @Validated) here.
 */
class InventorySettingsTest {

    @Test
    void everySettingsRecordBindsFromTheRealConfiguration() {
        assertThat(ApplicationSettings.load("application.yml")
                        .bindAll("dev.patternshop.inventory", "dev.patternshop.servicedefaults"))
                .hasAtLeastOneElementOfType(HttpSettings.class)
                .hasAtLeastOneElementOfType(SecuritySettings.class);
    }

    @Test
    void aBodyLimitOfNothingIsRefused() {
        assertThatThrownBy(() -> ApplicationSettings.load("application.yml")
                        .with("patternshop.http.max-request-body", "0B")
                        .bind(HttpSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("max-request-body must be between 1B and 2GB");
    }
}
