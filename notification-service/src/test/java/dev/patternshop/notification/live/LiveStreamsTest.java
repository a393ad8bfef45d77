package dev.patternshop.notification.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.notification.live.LiveStreams.CloseReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The registry of open streams on its own: caps, and a full queue that closes its stream instead of waiting. */
class LiveStreamsTest {

    private static final int QUEUE = 2;
    private static final int PER_CUSTOMER = 2;
    private static final int PER_INSTANCE = 3;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveSettings settings = new LiveSettings(
            QUEUE,
            Duration.ofSeconds(15),
            Duration.ofSeconds(3),
            Duration.ofMinutes(15),
            Duration.ofMinutes(5),
            500,
            PER_CUSTOMER,
            PER_INSTANCE,
            Duration.ofHours(24),
            Duration.ofMinutes(10));
    private final LiveStreams streams = new LiveStreams(settings, meters);

    @Test
    void aCustomerBeyondItsCapIsRefusedWith429AndTheOthersAreNotCounted() {
        streams.register(stream("alice"));
        streams.register(stream("alice"));

        assertThatThrownBy(() -> streams.register(stream("alice")))
                .isInstanceOfSatisfying(
                        StreamRefused.class,
                        refused -> assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
        assertThat(streams.openFor("alice")).isEqualTo(PER_CUSTOMER);
        assertThat(meters.get(LiveStreams.OPEN).gauge().value()).isEqualTo(PER_CUSTOMER);
        assertThat(meters.get(LiveStreams.REFUSED)
                        .tag("limit", "customer")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aFullInstanceRefusesWith503AndRetryAfterAndAClosedStreamFreesItsPlace() {
        LiveConnection first = stream("alice");
        streams.register(first);
        streams.register(stream("bob"));
        streams.register(stream("carol"));

        assertThatThrownBy(() -> streams.register(stream("dave")))
                .isInstanceOfSatisfying(StreamRefused.class, refused -> {
                    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(refused.retryAfter()).isEqualTo(settings.reconnectAfter());
                });

        first.close(CloseReason.WRITE_FAILED);
        streams.register(stream("dave"));
        assertThat(streams.openFor("dave")).isEqualTo(1);
        assertThat(streams.openFor("alice")).isZero();
    }

    @Test
    void aStreamWhoseQueueIsFullIsClosedAtOnceWhileAnotherCustomersStreamKeepsItsEvents() {
        LiveConnection stalled = stream("alice");
        LiveConnection other = stream("bob");
        streams.register(stalled);
        streams.register(other);

        // Nobody writes these streams out (no writer started): alice's queue fills up.
        for (int seq = 1; seq <= QUEUE + 1; seq++) {
            streams.publish(event("alice", seq));
        }
        streams.publish(event("bob", 1));

        assertThat(streams.openFor("alice")).isZero();
        assertThat(streams.openFor("bob")).isEqualTo(1);
        assertThat(meters.get(LiveStreams.CLOSED)
                        .tag("reason", "too-slow")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(other.offer(event("bob", 2))).as("bob's queue has room").isTrue();
    }

    private LiveConnection stream(String customer) {
        return new LiveConnection(customer, 0, new SseEmitter(), settings, null, streams);
    }

    private static CustomerEvent event(String customer, long seq) {
        return new CustomerEvent(seq, UUID.randomUUID(), customer, "1", "order.placed", "PENDING", null, Instant.now());
    }
}
