package dev.patternshop.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;

/**
 * Every relay of one service, as one Spring lifecycle: one {@link OutboxRelay} per named database (order
 * service: one per shard cluster; inventory and payment: one), each with its own producer from the factory.
 * Started after the context is ready, stopped before the pools close; stop and start again as often as needed. Every instance of the service runs them;
 * per database, one leads.
 *
 * <pre>{@code
 * @Bean
 * OutboxRelays outboxRelays(DataSource dataSource, BrokerSettings broker, InventoryOutboxSettings settings,
 *         MeterRegistry meters, ObjectProvider<OpenTelemetry> openTelemetry) {
 *     return new OutboxRelays(
 *             Map.of("inventory", dataSource),
 *             OutboxProducers.factory(broker.bootstrapServersList(), "inventory-service-outbox"),
 *             settings.relay(),
 *             meters,
 *             OutboxRelays.tracing(openTelemetry.getIfAvailable()));
 * }
 * }</pre>
 */
public class OutboxRelays implements SmartLifecycle {

    private final Map<String, OutboxRelay> relays = new LinkedHashMap<>();
    private volatile boolean running;
    private boolean autoStartup = true;

    /**
     * @param databases the databases whose outboxes to publish, by name (the {@code relay} tag of the metrics)
     * @param tracing   {@link OutboxTracing#NONE} or {@link #tracing(io.opentelemetry.api.OpenTelemetry)}
     * @throws IllegalArgumentException when the producers may block longer than the relay's send timeout
     */
    public OutboxRelays(
            Map<String, DataSource> databases,
            OutboxProducerFactory producers,
            OutboxSettings settings,
            MeterRegistry meters,
            OutboxTracing tracing) {
        OutboxRelay.checkTimeouts(producers, settings);
        databases.forEach((name, dataSource) -> relays.put(
                name, new OutboxRelay(name, dataSource, producers, settings, meters, tracing, Clock.systemUTC())));
    }

    /** OpenTelemetry tracing when the service has it (Boot's micrometer-tracing-bridge-otel), none otherwise. */
    public static OutboxTracing tracing(io.opentelemetry.api.OpenTelemetry openTelemetry) {
        return openTelemetry == null ? OutboxTracing.NONE : new OpenTelemetryOutboxTracing(openTelemetry);
    }

    /** False keeps the relays from starting with the context (a service's {@code outbox.relay-enabled}). */
    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        relays.values().forEach(OutboxRelay::start);
        running = true;
    }

    @Override
    public synchronized void stop() {
        relays.values().forEach(OutboxRelay::close);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The names of the databases this instance publishes now (holds the lease of), for tests and status checks. */
    public List<String> leading() {
        return relays.entrySet().stream()
                .filter(relay -> relay.getValue().isLeader())
                .map(Map.Entry::getKey)
                .toList();
    }
}
