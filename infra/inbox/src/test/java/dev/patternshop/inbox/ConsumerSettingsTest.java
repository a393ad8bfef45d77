package dev.patternshop.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.testsupport.settings.ApplicationSettings;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

    static final String FILE = "consumer-settings-test.yml";

    @Test
    void theDefaultsInTheRecordAreTheDocumentedOnes() {
        assertThat(ApplicationSettings.load(FILE).bind(ConsumerSettings.class)).isEqualTo(ConsumerSettings.DEFAULTS);
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> ApplicationSettings.load(FILE)
                        .with("patternshop.messaging.consumer.max-backoff", "2m")
                        .bind(ConsumerSettings.class))
                .hasStackTraceContaining("max-backoff between initial-backoff and 1m");
        assertThatThrownBy(() -> ApplicationSettings.load(FILE)
                        .with("patternshop.messaging.consumer.jitter", "1.5")
                        .bind(ConsumerSettings.class))
                .hasStackTraceContaining("patternshop.messaging.consumer.jitter");
        assertThatThrownBy(() -> ApplicationSettings.load(FILE)
                        .with("patternshop.messaging.consumer.max-attempts", "0")
                        .bind(ConsumerSettings.class))
                .hasStackTraceContaining("patternshop.messaging.consumer.max-attempts");
        assertThatThrownBy(() -> ApplicationSettings.load(FILE)
                        .with("patternshop.messaging.consumer.inbox-retention", "10m")
                        .bind(ConsumerSettings.class))
                .hasStackTraceContaining("inbox-retention must be at least 1h");
        // Below the broker's group.min.session.timeout.ms the consumer could not join its group at all.
        assertThatThrownBy(() -> ApplicationSettings.load(FILE)
                        .with("patternshop.messaging.consumer.session-timeout", "2s")
                        .bind(ConsumerSettings.class))
                .hasStackTraceContaining("patternshop.messaging.consumer.session-timeout");
    }
}
