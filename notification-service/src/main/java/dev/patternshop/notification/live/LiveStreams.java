package dev.patternshop.notification.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The open streams of this instance, by customer: where a committed event is handed over, and where the caps are
 * kept. Handing over never waits: an event goes into each of the customer's streams' bounded queues, and a stream
 * whose queue is full is closed instead of being waited for (the Kafka consumer thread that commits events for every
 * customer is never held by one slow client).
 *
 * <p>Metrics: {@code notification.live.streams} (open now), {@code notification.live.events.pushed},
 * {@code notification.live.streams.closed{reason}} and {@code notification.live.streams.refused{limit}}.
 */
@Component
@EnableConfigurationProperties(LiveSettings.class)
class LiveStreams implements SmartLifecycle {

    static final String OPEN = "notification.live.streams";
    static final String PUSHED = "notification.live.events.pushed";
    static final String CLOSED = "notification.live.streams.closed";
    static final String REFUSED = "notification.live.streams.refused";

    private final LiveSettings settings;
    private final MeterRegistry meters;
    private final Map<String, Set<LiveConnection>> byCustomer = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Counter pushed;
    private volatile boolean running;

    LiveStreams(LiveSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        Gauge.builder(OPEN, open, AtomicInteger::get)
                .description("Live SSE streams open in this instance")
                .register(meters);
        this.pushed = Counter.builder(PUSHED)
                .description("Events written to live streams (replayed or live)")
                .register(meters);
    }

    /**
     * Takes a stream in, so that every event committed from now on reaches it; refuses it beyond the caps.
     *
     * @throws StreamRefused when the customer or the instance has as many streams as allowed
     */
    void register(LiveConnection connection) {
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            refused("instance");
            throw StreamRefused.instanceFull(settings.maxStreams(), settings.reconnectAfter());
        }
        try {
            byCustomer.compute(connection.customerId(), (customerId, streams) -> {
                Set<LiveConnection> current = streams == null ? ConcurrentHashMap.newKeySet() : streams;
                if (current.size() >= settings.maxStreamsPerCustomer()) {
                    throw StreamRefused.customerFull(settings.maxStreamsPerCustomer());
                }
                current.add(connection);
                return current;
            });
        } catch (StreamRefused refusal) {
            open.decrementAndGet();
            refused("customer");
            throw refusal;
        }
    }

    /** Called once per stream, whatever ended it. */
    void unregister(LiveConnection connection, CloseReason reason) {
        byCustomer.computeIfPresent(connection.customerId(), (customerId, streams) -> {
            streams.remove(connection);
            return streams.isEmpty() ? null : streams;
        });
        open.decrementAndGet();
        meters.counter(CLOSED, "reason", reason.tag()).increment();
    }

    /** A committed event, to the customer's open streams; never blocks. */
    void publish(CustomerEvent event) {
        Set<LiveConnection> streams = byCustomer.get(event.customerId());
        if (streams == null) {
            return;
        }
        for (LiveConnection connection : streams) {
            if (!connection.offer(event)) {
                connection.close(CloseReason.TOO_SLOW);
            }
        }
    }

    void pushed() {
        pushed.increment();
    }

    /** Open streams of one customer in this instance. */
    int openFor(String customerId) {
        Set<LiveConnection> streams = byCustomer.get(customerId);
        return streams == null ? 0 : streams.size();
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * On shutdown, before the web server's graceful shutdown waits for open requests (this lifecycle stops first): a
     * stream never ends by itself, so each is closed and its client reconnects, to another instance, and resumes.
     */
    @Override
    public void stop() {
        running = false;
        byCustomer.values().forEach(streams -> streams.forEach(stream -> stream.close(CloseReason.SHUTDOWN)));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private void refused(String limit) {
        meters.counter(REFUSED, "limit", limit).increment();
    }

    /** Why a stream ended: the {@code reason} tag of {@value #CLOSED}. */
    enum CloseReason {
        /** Its queue was full: the client reads slower than its events come (or not at all). */
        TOO_SLOW("too-slow"),
        /** A write (an event or a heartbeat) failed: the client has gone. */
        WRITE_FAILED("write-failed"),
        /** It was open for stream-timeout; the client reconnects and resumes. */
        TIMED_OUT("timed-out"),
        /** The instance is shutting down; the client reconnects to another. */
        SHUTDOWN("shutdown"),
        /** Ended by the container (the client closed it between writes). */
        COMPLETED("completed");

        private final String tag;

        CloseReason(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }
}
