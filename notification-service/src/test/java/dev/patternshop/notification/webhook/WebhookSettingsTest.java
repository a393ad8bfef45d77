package dev.patternshop.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.testsupport.settings.ApplicationSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The webhook settings bind from the real application.yml and refuse values that cannot work. */
class WebhookSettingsTest {

    private final ApplicationSettings configuration = ApplicationSettings.load("application.yml");

    @Test
    void theShippedSettingsAllowNoInternalHostAndGiveUpAfterABoundedSchedule() {
        WebhookSettings settings = configuration.bind(WebhookSettings.class);

        assertThat(settings.allowedHosts()).isEmpty();
        assertThat(settings.maxAttempts()).isGreaterThan(1);
        assertThat(settings.backoff().after(settings.maxAttempts(), () -> 1))
                .isLessThanOrEqualTo(settings.maxBackoff()
                        .plus(Duration.ofMillis((long) (settings.maxBackoff().toMillis() * settings.jitter()))));
        assertThat(settings.lease()).isGreaterThan(settings.connectTimeout().plus(settings.requestTimeout()));
    }

    @Test
    void aJitterOfAWholeWaitIsRefused() {
        assertThatThrownBy(() -> configuration
                        .with("notification.webhooks.jitter", "1.0")
                        .bind(WebhookSettings.class))
                .rootCause()
                .hasMessageContaining("jitter");
    }

    @Test
    void aLeaseShorterThanOneAttemptIsRefused() {
        assertThatThrownBy(() ->
                        configuration.with("notification.webhooks.lease", "3s").bind(WebhookSettings.class))
                .rootCause()
                .hasMessageContaining("lease");
    }

    @Test
    void noAttemptsAtAllIsRefused() {
        assertThatThrownBy(() -> configuration
                        .with("notification.webhooks.max-attempts", "0")
                        .bind(WebhookSettings.class))
                .rootCause()
                .hasMessageContaining("max-attempts");
    }
}
