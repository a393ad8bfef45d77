package dev.patternshop.local;

import dev.patternshop.infra.embedded.Ports;
import java.util.LinkedHashMap;
import java.util.Map;

/** Before anything starts: every port of the topology is free, or the start fails naming who wanted it. */
final class PortCheck {

    private PortCheck() {}

    static void requireFree(Topology topology) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(topology.gatewayPort(), "gateway");
        wanted.put(topology.gatewayManagementPort(), "gateway management");
        topology.servicePorts().forEach((service, ports) -> ports.forEach(port -> wanted.put(port, service)));
        topology.postgres().values().forEach(cluster -> {
            wanted.put(cluster.primaryPort(), "postgres " + cluster.name() + " primary");
            if (cluster.hasReplica()) {
                wanted.put(cluster.replicaPort(), "postgres " + cluster.name() + " replica");
            }
        });
        wanted.put(topology.redisPort(), "redis");
        wanted.put(topology.kafkaPort(), "kafka");
        wanted.put(topology.kafkaControllerPort(), "kafka controller");
        wanted.put(topology.zipkinPort(), "zipkin");
        wanted.put(topology.paymentProviderPort(), "payment-provider (wiremock)");
        wanted.put(topology.webhookReceiverPort(), "webhook-receiver");
        if (PrometheusScrapeConfig.binary().isPresent()) {
            wanted.put(topology.prometheus().port(), "prometheus");
        }
        wanted.forEach((port, who) -> Ports.requireFree(port, who));
    }
}
