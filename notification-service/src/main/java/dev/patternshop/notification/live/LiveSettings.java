package dev.patternshop.notification.live;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The customers' live streams, {@code notification.live.*} (why each value: application.yml).
 *
 * @param queueCapacity            events one connection may have waiting to be written; one more and the connection
 *                                 is closed (the client resumes with Last-Event-ID and loses nothing)
 * @param heartbeat                a comment line is written after this long without an event, so that proxies keep
 *                                 the stream open and a dead client is found by a failed write
 * @param reconnectAfter           the {@code retry:} hint: how long a browser's EventSource waits before reconnecting
 * @param streamTimeout            a stream is closed after this long (the client reconnects and resumes)
 * @param recentOnConnect          without Last-Event-ID, the events of this last stretch of time are sent first (0:
 *                                 only new events)
 * @param replayPageSize           rows read from the event log at once when a stream catches up
 * @param maxStreamsPerCustomer    open streams one customer may hold (tabs, devices); one more is refused with 429
 * @param maxStreams               open streams in this instance; one more is refused with 503
 * @param retention                events older than this are deleted: a client may resume within this window
 * @param cleanupInterval          how often the old events are deleted
 */
@Validated
@ConfigurationProperties("notification.live")
public record LiveSettings(
        @DefaultValue("64") @Min(1) @Max(10_000) int queueCapacity,

        @DefaultValue("15s") @NotNull @DurationMin(millis = 100)
        Duration heartbeat,

        @DefaultValue("3s") @NotNull @DurationMin(millis = 1)
        Duration reconnectAfter,

        @DefaultValue("30m") @NotNull @DurationMin(seconds = 1)
        Duration streamTimeout,

        @DefaultValue("5m") @NotNull Duration recentOnConnect,
        @DefaultValue("500") @Min(1) @Max(10_000) int replayPageSize,
        @DefaultValue("3") @Min(1) int maxStreamsPerCustomer,
        @DefaultValue("1000") @Min(1) int maxStreams,

        @DefaultValue("24h") @NotNull @DurationMin(minutes = 1)
        Duration retention,

        @DefaultValue("10m") @NotNull @DurationMin(seconds = 1)
        Duration cleanupInterval) {

    @AssertTrue(message = "heartbeat must be shorter than stream-timeout")
    boolean isHeartbeatShorterThanTheStream() {
        return heartbeat == null || streamTimeout == null || heartbeat.compareTo(streamTimeout) < 0;
    }

    @AssertTrue(message = "recent-on-connect must not be negative nor longer than retention")
    boolean isRecentOnConnectWithinRetention() {
        return recentOnConnect == null
                || retention == null
                || (!recentOnConnect.isNegative() && recentOnConnect.compareTo(retention) <= 0);
    }

    @AssertTrue(message = "max-streams-per-customer must not exceed max-streams")
    boolean isPerCustomerCapWithinTheTotal() {
        return maxStreamsPerCustomer <= maxStreams;
    }
}
