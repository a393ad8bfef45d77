package dev.patternshop.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.gateway.auth.AuthSettings;
import dev.patternshop.gateway.ratelimit.RateLimitSettings;
import dev.patternshop.gateway.routing.RequestBodySettings;
import dev.patternshop.testsupport.settings.ApplicationSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.util.unit.DataSize;

/** The gateway's settings records bind from its real application.yml, and refuse a value that cannot work. */
class GatewaySettingsTest {

    @Test
    void everySettingsRecordBindsFromTheRealConfiguration() {
        assertThat(ApplicationSettings.load("application.yml").bindAll("dev.patternshop.gateway"))
                .hasAtLeastOneElementOfType(AuthSettings.class)
                .hasAtLeastOneElementOfType(RateLimitSettings.class)
                .hasAtLeastOneElementOfType(RequestBodySettings.class);
        assertThat(ApplicationSettings.load("application.yml")
                        .bind(RequestBodySettings.class)
                        .maxSize())
                .isEqualTo(DataSize.ofKilobytes(64));
        assertThat(ApplicationSettings.load("application.yml")
                        .bind(AuthSettings.class)
                        .accounts())
                .extracting(AuthSettings.Account::username)
                .containsExactly("alice", "bob", "carol", "dave", "admin");
    }

    @Test
    void everyDemoAccountsPasswordIsItsNameAndPassAsTheReadmeSays() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

        assertThat(ApplicationSettings.load("application.yml")
                        .bind(AuthSettings.class)
                        .accounts())
                .allSatisfy(account -> assertThat(bcrypt.matches(account.username() + "-pass", account.passwordHash()))
                        .as(account.username())
                        .isTrue());
    }

    @Test
    void aBodyLimitOfNothingIsRefused() {
        assertThatThrownBy(() -> ApplicationSettings.load("application.yml")
                        .with("gateway.request-body.max-size", "0B")
                        .bind(RequestBodySettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("max-size must be between 1B and 2GB");
    }

    @Test
    void aTokenThatNeverLivesIsRefused() {
        assertThatThrownBy(() -> ApplicationSettings.load("application.yml")
                        .with("gateway.auth.token-time-to-live", "0s")
                        .bind(AuthSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("tokenTimeToLive");
    }

    @Test
    void aLimiterWithoutFallbackRoomIsRefused() {
        assertThatThrownBy(() -> ApplicationSettings.load("application.yml")
                        .with("gateway.rate-limit.local-fallback-keys", "0")
                        .bind(RateLimitSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("localFallbackKeys");
    }
}
