package dev.patternshop.local;

import dev.patternshop.infra.embedded.KafkaBroker;
import dev.patternshop.infra.embedded.PostgresCluster;
import dev.patternshop.infra.embedded.PostgresServer;
import dev.patternshop.infra.embedded.RedisServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The servers the services keep their state in and talk through: the Postgres clusters (with their streaming
 * replicas), Redis and Kafka, as native processes with their data under {@code .patternshop/data}.
 */
final class Infrastructure {

    private final RuntimeHome home;
    private final Topology topology;
    private final PrintStream out;
    private final List<PostgresCluster> clusters = Collections.synchronizedList(new ArrayList<>());
    private volatile RedisServer redis;
    private volatile KafkaBroker kafka;

    Infrastructure(RuntimeHome home, Topology topology, PrintStream out) {
        this.home = home;
        this.topology = topology;
        this.out = out;
    }

    /** One start per server, to run in parallel with each other (and with the tools). */
    List<Runnable> starts() {
        List<Runnable> starts = new ArrayList<>();
        for (Topology.PostgresTopology cluster : topology.postgres().values()) {
            starts.add(() -> {
                PostgresCluster postgres = PostgresCluster.durable(
                        cluster.name(),
                        home.data().resolve("postgres"),
                        home.logs(),
                        cluster.primaryPort(),
                        cluster.replicaPort());
                clusters.add(postgres); // before it starts: a failed start still stops what came up
                postgres.start();
                cluster.databases().forEach(postgres::createDatabase);
                out.printf(
                        "  postgres %-9s primary :%d%s%n",
                        cluster.name(),
                        cluster.primaryPort(),
                        cluster.hasReplica() ? ", replica :" + cluster.replicaPort() : "");
            });
        }
        starts.add(() -> {
            redis = new RedisServer(
                            "redis",
                            home.data().resolve("redis"),
                            home.logs().resolve("redis.log"),
                            topology.redisPort())
                    .start();
            out.printf("  redis              :%d%n", topology.redisPort());
        });
        starts.add(() -> {
            kafka = new KafkaBroker(
                            "kafka",
                            home.data().resolve("kafka"),
                            home.logs().resolve("kafka.log"),
                            topology.kafkaPort(),
                            topology.kafkaControllerPort(),
                            topology.heaps().kafka(),
                            false)
                    .start();
            kafka.createTopics(topology.kafkaTopics().entrySet().stream()
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                    .toList());
            out.printf(
                    "  kafka              :%d  topics %s%n",
                    topology.kafkaPort(), topology.kafkaTopics().keySet());
        });
        return starts;
    }

    /** Stops every server that started, in parallel. */
    void stop() {
        List<Runnable> stops = new ArrayList<>();
        if (kafka != null) {
            stops.add(kafka::stop);
        }
        if (redis != null) {
            stops.add(redis::stop);
        }
        clusters.forEach(cluster -> stops.add(cluster::stop));
        InParallel.run(stops);
    }

    /** The broker, the cache and each database server, as rows of the process table. */
    List<LocalRuntime.ProcessState> processes() {
        List<LocalRuntime.ProcessState> all = new ArrayList<>();
        if (kafka != null) {
            all.add(new LocalRuntime.ProcessState("kafka", kafka.pid(), kafka.isRunning(), kafka.log()));
        }
        if (redis != null) {
            all.add(new LocalRuntime.ProcessState("redis", redis.pid(), redis.isRunning(), redis.log()));
        }
        for (PostgresCluster cluster : List.copyOf(clusters)) {
            List<PostgresServer> servers =
                    cluster.hasReplica() ? List.of(cluster.primary(), cluster.replica()) : List.of(cluster.primary());
            servers.forEach(server -> all.add(
                    new LocalRuntime.ProcessState(server.name(), server.pid(), server.isRunning(), server.log())));
        }
        return all;
    }

    /** How to restart each server by name, with its data: {@code kafka}, {@code redis}, {@code orders-a-replica}, ... */
    Map<String, Runnable> restarts() {
        Map<String, Runnable> restarts = new LinkedHashMap<>();
        if (kafka != null) {
            restarts.put("kafka", () -> {
                kafka.stop();
                kafka.start();
            });
        }
        if (redis != null) {
            restarts.put("redis", () -> {
                redis.stop();
                redis.start();
            });
        }
        for (PostgresCluster cluster : List.copyOf(clusters)) {
            restarts.put(cluster.primary().name(), () -> {
                cluster.stopPrimary();
                cluster.startPrimary();
            });
            if (cluster.hasReplica()) {
                restarts.put(cluster.replica().name(), () -> {
                    cluster.stopReplica();
                    cluster.startReplica();
                });
            }
        }
        return restarts;
    }
}
