package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void everyProcessGetsItsOwnPort() {
        List<Integer> ports = allPorts(Topology.load(0));

        assertThat(ports)
                .doesNotHaveDuplicates()
                .allSatisfy(port -> assertThat(port).isBetween(1024, 65535));
    }

    @Test
    void portOffsetShiftsEveryPortAndNothingElse() {
        Topology base = Topology.load(0);
        Topology shifted = Topology.load(1000);

        assertThat(allPorts(shifted))
                .containsExactlyElementsOf(
                        allPorts(base).stream().map(p -> p + 1000).toList());
        assertThat(shifted.kafkaTopics()).isEqualTo(base.kafkaTopics());
        assertThat(shifted.heaps()).isEqualTo(base.heaps());
    }

    @Test
    void aRuntimeAtTheSystemTestsOffsetShareNoPortWithOneAtNoOffset() {
        int systemTestOffset = 1000;

        assertThat(allPorts(Topology.load(0))).doesNotContainAnyElementsOf(allPorts(Topology.load(systemTestOffset)));
    }

    @Test
    void twoInstancesOfCatalogOrderAndInventoryRun() {
        Topology topology = Topology.load(0);

        assertThat(topology.servicePorts().get("catalog-service")).hasSize(2);
        assertThat(topology.servicePorts().get("order-service")).hasSize(2);
        assertThat(topology.servicePorts().get("inventory-service")).containsExactly(8085, 8088);
        assertThat(topology.servicePorts().keySet()).containsExactlyElementsOf(Topology.SERVICES);
    }

    @Test
    void everyMessagingTopicHasItsDeadLetterTopic() {
        Map<String, Integer> topics = Topology.load(0).kafkaTopics();

        for (String topic : List.of(
                "order.events.v1",
                "inventory.commands.v1",
                "inventory.events.v1",
                "payment.commands.v1",
                "payment.events.v1")) {
            assertThat(topics.get(topic)).as(topic).isGreaterThan(1);
            assertThat(topics.get(topic + ".dlt")).as(topic + ".dlt").isBetween(1, 3);
        }
    }

    @Test
    void eachServiceDatabaseLivesOnExactlyOneClusterExceptTheShardedOrders() {
        Topology topology = Topology.load(0);

        assertThat(topology.postgres().get("catalog").hasReplica()).isTrue();
        assertThat(topology.postgres().get("orders-a").databases()).containsExactly("orders");
        assertThat(topology.postgres().get("orders-b").databases()).containsExactly("orders");
        assertThat(topology.postgres().get("services").databases())
                .containsExactly("inventory", "payment", "notification");
    }

    private static List<Integer> allPorts(Topology topology) {
        List<Integer> ports = new ArrayList<>();
        ports.add(topology.gatewayPort());
        ports.add(topology.gatewayManagementPort());
        topology.servicePorts().values().forEach(ports::addAll);
        topology.postgres().values().forEach(cluster -> {
            ports.add(cluster.primaryPort());
            if (cluster.hasReplica()) {
                ports.add(cluster.replicaPort());
            }
        });
        ports.add(topology.prometheus().port());
        ports.addAll(List.of(
                topology.redisPort(),
                topology.kafkaPort(),
                topology.kafkaControllerPort(),
                topology.zipkinPort(),
                topology.paymentProviderPort()));
        return ports;
    }
}
