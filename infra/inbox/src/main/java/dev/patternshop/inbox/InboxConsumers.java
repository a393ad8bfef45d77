package dev.patternshop.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts consumer builders with what every consumer of a service shares: the broker, the settings
 * ({@code patternshop.messaging.consumer.*}), the meter and observation registries, the JSON mapper. A bean of the
 * auto-configuration; a service declares each consumer as a bean of its own:
 *
 * <pre>{@code
 * @Bean
 * InboxConsumer inventoryCommands(InboxConsumers consumers, DataSource dataSource, Reservations reservations) {
 *     return consumers.consumer("inventory", Topics.INVENTORY_COMMANDS)
 *             .on(ReserveStock.TYPE, ReserveStock.class, reservations::reserve)
 *             .on(CommitReservation.TYPE, CommitReservation.class, reservations::commit)
 *             .on(ReleaseReservation.TYPE, ReleaseReservation.class, reservations::release)
 *             .build(dataSource);
 * }
 * }</pre>
 */
public final class InboxConsumers {

    private final String bootstrapServers;
    private final String applicationName;
    private final ConsumerSettings settings;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final JsonMapper json;

    public InboxConsumers(
            String bootstrapServers,
            String applicationName,
            ConsumerSettings settings,
            MeterRegistry meters,
            ObservationRegistry observations,
            JsonMapper json) {
        this.bootstrapServers = bootstrapServers;
        this.applicationName = applicationName;
        this.settings = settings;
        this.meters = meters;
        this.observations = observations;
        this.json = json;
    }

    /**
     * A consumer named {@code name} of {@code topic}, in the consumer group {@code <application name>.<name>}: every
     * instance of the service shares the topic's partitions, and each consumer of the service has a group of its own.
     */
    public InboxConsumer.Builder consumer(String name, String topic) {
        return InboxConsumer.builder(name, topic, applicationName + "." + name)
                .bootstrapServers(bootstrapServers)
                .settings(settings)
                .meterRegistry(meters)
                .observationRegistry(observations)
                .jsonMapper(json);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
