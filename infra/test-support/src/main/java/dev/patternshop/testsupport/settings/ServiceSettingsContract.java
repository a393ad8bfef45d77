package dev.patternshop.testsupport.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.servicedefaults.HttpSettings;
import dev.patternshop.servicedefaults.security.SecuritySettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/**
 * What every service's settings promise: every settings record in the service's packages (and the shared defaults it
 * imports) binds from its real application.yml, each is {@code @Validated}, and a value that cannot work is refused
 * naming the property. A service's {@code *SettingsTest} extends this and adds the refusals of its own settings.
 */
public abstract class ServiceSettingsContract {

    /** The service's root package: every settings record under it is bound. */
    protected abstract String servicePackage();

    /** The service's real configuration, plus what its runtime would supply (override to add it). */
    protected ApplicationSettings configuration() {
        return ApplicationSettings.load("application.yml");
    }

    @Test
    void everySettingsRecordBindsFromTheRealConfiguration() {
        assertThat(configuration().bindAll(servicePackage(), "dev.patternshop.servicedefaults"))
                .hasAtLeastOneElementOfType(HttpSettings.class)
                .hasAtLeastOneElementOfType(SecuritySettings.class);
    }

    @Test
    void aBodyLimitOfNothingIsRefused() {
        assertRefused(HttpSettings.class, "patternshop.http.max-request-body", "0B", "max-request-body");
    }

    /** Binding {@code settings} with {@code property} set to {@code value} fails, and says {@code why}. */
    protected void assertRefused(Class<?> settings, String property, String value, String why) {
        assertThatThrownBy(() -> configuration().with(property, value).bind(settings))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining(why);
    }
}
