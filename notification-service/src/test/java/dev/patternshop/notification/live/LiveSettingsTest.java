package dev.patternshop.notification.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.testsupport.settings.ApplicationSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/** The live streams' settings bind from the real application.yml and refuse values that cannot work together. */
class LiveSettingsTest {

    private final ApplicationSettings configuration = ApplicationSettings.load("application.yml");

    @Test
    void theShippedSettingsBind() {
        LiveSettings settings = configuration.bind(LiveSettings.class);

        assertThat(settings.heartbeat()).isLessThan(settings.streamTimeout());
        assertThat(settings.retention()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aHeartbeatNoShorterThanTheStreamIsRefused() {
        assertRefused("notification.live.heartbeat", "20m", "heartbeat must be shorter than stream-timeout");
    }

    @Test
    void aPerCustomerCapAboveTheInstanceCapIsRefused() {
        assertRefused("notification.live.max-streams-per-customer", "2000", "must not exceed max-streams");
    }

    @Test
    void recentEventsOnConnectBeyondTheRetentionAreRefused() {
        assertRefused("notification.live.recent-on-connect", "48h", "recent-on-connect");
    }

    @Test
    void anEmptyQueueIsRefused() {
        assertRefused("notification.live.queue-capacity", "0", "queue-capacity");
    }

    private void assertRefused(String property, String value, String why) {
        assertThatThrownBy(() -> configuration.with(property, value).bind(LiveSettings.class))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining(why);
    }
}
