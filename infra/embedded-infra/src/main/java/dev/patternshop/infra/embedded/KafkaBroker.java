package dev.patternshop.infra.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one JVM), started from the
 * Kafka jars on this class path as its own process, so that other processes can find it on a fixed port.
 * The storage is formatted once; later starts reuse it and keep every topic and offset.
 */
public final class KafkaBroker extends ServerProcess {

    private static final String BROKER_MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int controllerPort;
    private final String heap;
    private final boolean autoCreateTopics;

    public KafkaBroker(
            String name, Path dir, Path log, int port, int controllerPort, String heap, boolean autoCreateTopics) {
        super(name, log, port, START_TIMEOUT, STOP_GRACE);
        this.dir = dir;
        this.controllerPort = controllerPort;
        this.heap = heap;
        this.autoCreateTopics = autoCreateTopics;
    }

    @Override
    public KafkaBroker start() {
        super.start();
        return this;
    }

    @Override
    protected ManagedProcess launch() {
        Ports.requireFree(port(), name());
        Ports.requireFree(controllerPort, name() + " controller");
        Path properties = writeServerProperties();
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            format(properties);
        }
        return ManagedProcess.start(name(), javaCommand(BROKER_MAIN, properties.toString()), dir, log(), Map.of());
    }

    @Override
    protected boolean answers() {
        return answersAdminRequests();
    }

    @Override
    protected String readiness() {
        return "serving on port " + port();
    }

    @Override
    protected int logLinesOnFailure() {
        return 30;
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port();
    }

    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(adminProperties())) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new InfrastructureException("could not create topics on " + name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while creating topics", e);
        }
    }

    private boolean answersAdminRequests() {
        if (!Ports.isListening(port())) {
            return false;
        }
        try (Admin admin = Admin.create(adminProperties())) {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return properties;
    }

    private void format(Path properties) {
        String clusterId = ManagedProcess.run(
                        "kafka storage random-uuid",
                        javaCommand(STORAGE_TOOL, "random-uuid"),
                        dir,
                        Duration.ofMinutes(1))
                .lines()
                .reduce((first, last) -> last)
                .orElseThrow()
                .strip();
        ManagedProcess.run(
                "kafka storage format",
                javaCommand(STORAGE_TOOL, "format", "--standalone", "-t", clusterId, "-c", properties.toString()),
                dir,
                Duration.ofMinutes(1));
    }

    private List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Jvm.javaExecutable(),
                "-Xmx" + heap,
                "-Xms32m",
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp",
                Jvm.classPath(),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private Path writeServerProperties() {
        try {
            Files.createDirectories(dir.resolve("data"));
            Path properties = dir.resolve("server.properties");
            Files.write(
                    properties,
                    List.of(
                            "process.roles=broker,controller",
                            "node.id=1",
                            "controller.quorum.bootstrap.servers=" + Ports.LOOPBACK + ":" + controllerPort,
                            "listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port() + ",CONTROLLER://" + Ports.LOOPBACK
                                    + ":" + controllerPort,
                            "advertised.listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port(),
                            "controller.listener.names=CONTROLLER",
                            "inter.broker.listener.name=PLAINTEXT",
                            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                            "log.dirs=" + dir.resolve("data"),
                            "num.partitions=3",
                            "auto.create.topics.enable=" + autoCreateTopics,
                            "offsets.topic.replication.factor=1",
                            "offsets.topic.num.partitions=3",
                            "transaction.state.log.replication.factor=1",
                            "transaction.state.log.min.isr=1",
                            "share.coordinator.state.topic.replication.factor=1",
                            "share.coordinator.state.topic.min.isr=1",
                            "group.initial.rebalance.delay.ms=0",
                            // The 128 MiB default buffer would sit on a small heap for nothing.
                            "log.cleaner.dedupe.buffer.size=16777216",
                            "num.network.threads=2",
                            "num.io.threads=2"),
                    StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="org.apache.kafka" level="WARN"/>
                      <logger name="kafka" level="WARN"/>
                      <logger name="state.change.logger" level="WARN"/>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
            return properties;
        } catch (IOException e) {
            throw new InfrastructureException(
                    "could not write the configuration of " + name() + ": " + e.getMessage(), e);
        }
    }
}
