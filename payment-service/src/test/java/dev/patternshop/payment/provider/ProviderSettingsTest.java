package dev.patternshop.payment.provider;

import dev.patternshop.testsupport.settings.ServiceSettingsContract;
import org.junit.jupiter.api.Test;

/** The provider's settings bind from the real application.yml and refuse what cannot work. */
class ProviderSettingsTest extends ServiceSettingsContract {

    @Override
    protected String servicePackage() {
        return "dev.patternshop.payment.provider";
    }

    @Test
    void aProviderWithoutAnAddressIsRefused() {
        assertRefused(ProviderSettings.class, "payment.provider.url", "", "url");
    }

    @Test
    void aReadTimeoutOfNothingIsRefused() {
        assertRefused(ProviderSettings.class, "payment.provider.read-timeout", "0ms", "read-timeout");
    }

    @Test
    void aConnectTimeoutOfNothingIsRefused() {
        assertRefused(ProviderSettings.class, "payment.provider.connect-timeout", "0ms", "connect-timeout");
    }
}
