package dev.patternshop.local;

import dev.patternshop.infra.embedded.Await;
import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.infra.embedded.Jvm;
import dev.patternshop.infra.embedded.KafkaBroker;
import dev.patternshop.infra.embedded.ManagedProcess;
import dev.patternshop.infra.embedded.Ports;
import dev.patternshop.infra.embedded.PostgresCluster;
import dev.patternshop.infra.embedded.PostgresServer;
import dev.patternshop.infra.embedded.RedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The whole system on one machine without Docker: real Postgres clusters (with streaming replicas),
 * Redis, Kafka, Zipkin, a WireMock payment provider, then every service and the gateway as its own JVM.
 * Starts infrastructure in parallel, then the services in parallel, waits for every readiness probe,
 * and stops everything in reverse order. Any one process can be restarted while the rest runs on
 * ({@code ./patternshop restart NAME}), to watch the system recover from a fault you caused.
 */
public final class LocalRuntime {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);
    private static final String VERSION = "0.1.0-SNAPSHOT";
    /** The process table's pid column for a process that is not running. */
    static final String NO_PID = "-";

    private final Path projectDir;
    /** The gateway's public prefix of each service (gateway/src/main/resources/application.yml). */
    static final Map<String, String> GATEWAY_ROUTES = Map.of("catalog-service", "catalog", "order-service", "orders",
            "inventory-service", "inventory", "payment-service", "payments", "notification-service", "notifications");

    private final RuntimeHome home;
    private final Topology topology;
    private final PrintStream out;
    private final List<PostgresCluster> clusters = Collections.synchronizedList(new ArrayList<>());
    private final List<ManagedProcess> services = Collections.synchronizedList(new ArrayList<>());
    private final List<ManagedProcess> tools = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> healthUrls = Collections.synchronizedMap(new LinkedHashMap<>());
    /** How to start each service, gateway and tool process again, exactly as it was started. */
    private final Map<String, Supplier<ManagedProcess>> starters = new ConcurrentHashMap<>();
    private volatile RedisServer redis;
    private volatile KafkaBroker kafka;
    private volatile ManagedProcess gateway;
    private volatile boolean stopping;
    /** The thread carrying out a restart, interrupted by {@link #stop()} so that Ctrl-C never waits for it. */
    private volatile Thread restarting;

    public LocalRuntime(Path projectDir, RuntimeHome home, Topology topology, PrintStream out) {
        this.projectDir = projectDir;
        this.home = home;
        this.topology = topology;
        this.out = out;
    }

    /** Starts everything and returns once every process is ready; on any failure stops what started and throws. */
    public void start() {
        try {
            requireServiceJars();
            requirePortsFree();
            Files.createDirectories(home.logs());
            Files.createDirectories(home.classDataSharing());
            long started = System.nanoTime();
            startInfrastructure();
            out.printf("  infrastructure ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            // The gateway needs no service to start: it finds instances per request, so all start together.
            startServices();
            startGateway();
            List<ManagedProcess> everyone = new ArrayList<>(services);
            everyone.add(gateway);
            awaitReady(everyone);
            awaitRoutable();
            warmUpCatalog();
            writeProcessTable();
        } catch (RuntimeException | IOException e) {
            stop();
            throw e instanceof RuntimeException runtime ? runtime : new InfrastructureException(e.getMessage(), e);
        }
    }

    /** Stops the gateway, then the services, then the infrastructure; safe to call more than once. */
    public void stop() {
        stopping = true;
        Thread restart = restarting;
        if (restart != null) {
            restart.interrupt(); // its waits end at once; what it started is in the lists below and stops with them
        }
        synchronized (this) {
            stopEverything();
        }
    }

    private void stopEverything() {
        if (gateway != null) {
            gateway.stop(SERVICE_STOP_GRACE);
        }
        inParallel(services.stream().<Runnable>map(service -> () -> service.stop(SERVICE_STOP_GRACE)).toList());
        inParallel(tools.stream().<Runnable>map(tool -> () -> tool.stop(Duration.ofSeconds(10))).toList());
        List<Runnable> infrastructure = new ArrayList<>();
        if (kafka != null) {
            infrastructure.add(kafka::stop);
        }
        if (redis != null) {
            infrastructure.add(redis::stop);
        }
        clusters.forEach(cluster -> infrastructure.add(cluster::stop));
        inParallel(infrastructure);
        try {
            Files.deleteIfExists(home.processTable());
        } catch (IOException ignored) {
            // The table only helps `down` find leftovers; a stale one names dead pids.
        }
    }

    /**
     * One more instance of a service beside a running runtime, with extra Spring arguments (for a
     * benchmark, say, the catalog with its cache off). The caller stops it. An extra gateway's actuator listens
     * on {@code port + 1}.
     */
    public ManagedProcess startExtraInstance(String service, int port, List<String> springArgs) {
        boolean gatewayInstance = service.equals("gateway");
        if (!gatewayInstance && !Topology.SERVICES.contains(service)) {
            throw new InfrastructureException("unknown service " + service + "; one of gateway, " + Topology.SERVICES);
        }
        Ports.requireFree(port, service + " extra instance");
        int managementPort = gatewayInstance ? port + 1 : port;
        if (gatewayInstance) {
            Ports.requireFree(managementPort, service + " extra instance's management port");
            springArgs = new ArrayList<>(springArgs);
            springArgs.add("--management.server.port=" + managementPort);
        }
        String name = service + "-extra-" + port;
        // Spring joins repeated command-line keys with commas: a key the caller sets replaces the default.
        List<String> overridden = springArgs.stream().map(arg -> arg.split("=", 2)[0]).toList();
        List<String> args = new ArrayList<>((gatewayInstance ? gatewayArgs() : List.<String>of()).stream()
                .filter(arg -> !overridden.contains(arg.split("=", 2)[0])).toList());
        args.addAll(springArgs);
        ManagedProcess process = startSpringBoot(name, service, port, managementPort,
                gatewayInstance ? topology.heaps().gateway() : topology.heaps().service(), args,
                ServiceSettings.environment(service, topology));
        awaitReady(List.of(process));
        return process;
    }

    public Topology topology() {
        return topology;
    }

    /** One row of the process table ({@code ./patternshop status}, {@code .patternshop/run/processes.tsv}). */
    public record ProcessState(String name, long pid, boolean alive, Path log) {
    }

    /** Every process of the runtime: service instances, gateway, tools, broker, cache, each database server. */
    public List<ProcessState> processes() {
        List<ProcessState> all = new ArrayList<>();
        jvmProcesses().forEach(process -> all.add(new ProcessState(process.name(), process.pid(), process.isAlive(),
                process.log())));
        if (kafka != null) {
            all.add(new ProcessState("kafka", kafka.pid(), kafka.isRunning(), kafka.log()));
        }
        if (redis != null) {
            all.add(new ProcessState("redis", redis.pid(), redis.isRunning(), redis.log()));
        }
        for (PostgresCluster cluster : List.copyOf(clusters)) {
            List<PostgresServer> servers = cluster.hasReplica() ? List.of(cluster.primary(), cluster.replica())
                    : List.of(cluster.primary());
            servers.forEach(server -> all.add(new ProcessState(server.name(), server.pid(), server.isRunning(),
                    server.log())));
        }
        return all;
    }

    /** The processes that have died since start (a crash, or a user breaking things on purpose): the launcher reports them. */
    public List<ProcessState> deadProcesses() {
        if (stopping) {
            return List.of();
        }
        return processes().stream().filter(process -> !process.alive()).toList();
    }

    /**
     * Stops one process (if it still runs) and starts it again as it was started, with its data, then waits
     * until it is ready: a service instance, the gateway, a tool, {@code kafka}, {@code redis}, or one
     * database server ({@code orders-a-primary}, {@code orders-a-replica}, ...).
     */
    public synchronized ProcessState restart(String name) {
        if (stopping) {
            throw new InfrastructureException("the runtime is stopping");
        }
        Map<String, Runnable> restarts = restarts();
        Runnable restart = restarts.get(name);
        if (restart == null) {
            throw new InfrastructureException("there is no process called '" + name + "'; one of: "
                    + String.join(", ", restarts.keySet()));
        }
        restarting = Thread.currentThread();
        try {
            restart.run();
        } finally {
            restarting = null;
            Thread.interrupted(); // an interrupt from stop() is done with here
            writeProcessTableQuietly();
        }
        return processes().stream().filter(process -> process.name().equals(name)).findFirst().orElseThrow();
    }

    private Map<String, Runnable> restarts() {
        Map<String, Runnable> restarts = new LinkedHashMap<>();
        jvmProcesses().forEach(process -> restarts.put(process.name(), () -> restartJvm(process)));
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

    private void restartJvm(ManagedProcess old) {
        old.stop(SERVICE_STOP_GRACE);
        if (stopping) {
            throw new InfrastructureException("the runtime is stopping");
        }
        ManagedProcess fresh = starters.get(old.name()).get();
        if (old == gateway) {
            gateway = fresh;
        } else {
            services.replaceAll(process -> process == old ? fresh : process);
            tools.replaceAll(process -> process == old ? fresh : process);
        }
        writeProcessTableQuietly(); // its pid, even while it is still starting
        awaitHealthy(fresh, healthUrls.get(fresh.name()));
        if (fresh == gateway) {
            awaitRoutable();
        }
    }

    private List<ManagedProcess> jvmProcesses() {
        List<ManagedProcess> all = new ArrayList<>(services);
        if (gateway != null) {
            all.add(gateway);
        }
        all.addAll(tools);
        return all;
    }

    /** Every service, gateway and tool process that is no longer running. */
    public List<ManagedProcess> exitedProcesses() {
        return jvmProcesses().stream().filter(process -> !process.isAlive()).toList();
    }

    private void startInfrastructure() {
        List<Runnable> starts = new ArrayList<>();
        for (Topology.PostgresTopology cluster : topology.postgres().values()) {
            starts.add(() -> {
                PostgresCluster postgres = PostgresCluster.durable(cluster.name(), home.data().resolve("postgres"),
                        home.logs(), cluster.primaryPort(), cluster.replicaPort());
                clusters.add(postgres);
                postgres.start();
                cluster.databases().forEach(postgres::createDatabase);
                out.printf("  postgres %-9s primary :%d%s%n", cluster.name(), cluster.primaryPort(),
                        cluster.hasReplica() ? ", replica :" + cluster.replicaPort() : "");
            });
        }
        starts.add(() -> {
            redis = new RedisServer("redis", home.data().resolve("redis"), home.logs().resolve("redis.log"),
                    topology.redisPort()).start();
            out.printf("  redis              :%d%n", topology.redisPort());
        });
        starts.add(() -> {
            kafka = new KafkaBroker("kafka", home.data().resolve("kafka"), home.logs().resolve("kafka.log"),
                    topology.kafkaPort(), topology.kafkaControllerPort(), topology.heaps().kafka(), false).start();
            kafka.createTopics(topology.kafkaTopics().entrySet().stream()
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1)).toList());
            out.printf("  kafka              :%d  topics %s%n", topology.kafkaPort(), topology.kafkaTopics().keySet());
        });
        starts.add(() -> startTool("zipkin", tool("zipkin-server"), topology.heaps().zipkin(), List.of(
                "--armeria.ports[0].port=" + topology.zipkinPort(), "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].protocols[0]=http",
                "--zipkin.storage.mem.max-spans=" + topology.zipkinMaxSpans()), "http://127.0.0.1:" + topology.zipkinPort() + "/health"));
        starts.add(() -> startTool("payment-provider", tool("wiremock-standalone"), topology.heaps().paymentProvider(),
                List.of("--port", Integer.toString(topology.paymentProviderPort()), "--bind-address", "127.0.0.1",
                        "--root-dir", projectDir.resolve("infra/docker/wiremock").toString(), "--disable-banner",
                        "--no-request-journal"),
                "http://127.0.0.1:" + topology.paymentProviderPort() + "/__admin/mappings"));
        inParallel(starts);
    }

    private void startTool(String name, Path jar, String heap, List<String> args, String healthUrl) {
        ManagedProcess process = launchTool(name, jar, heap, args, healthUrl);
        tools.add(process);
        awaitHealthy(process, healthUrl);
        out.printf("  %-18s %s%n", name, healthUrl.replaceFirst("/(health|__admin/mappings)$", ""));
    }

    private ManagedProcess launchTool(String name, Path jar, String heap, List<String> args, String healthUrl) {
        List<String> command = new ArrayList<>(List.of(Jvm.javaExecutable(), "-Xmx" + heap, "-Xss512k",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(args);
        healthUrls.put(name, healthUrl);
        starters.put(name, () -> launchTool(name, jar, heap, args, healthUrl));
        return ManagedProcess.start(name, command, home.root(), home.logs().resolve(name + ".log"), Map.of());
    }

    private void startServices() {
        for (String service : Topology.SERVICES) {
            List<Integer> ports = topology.servicePorts().get(service);
            for (int i = 0; i < ports.size(); i++) {
                String name = ports.size() == 1 ? service : service + "-" + (i + 1);
                services.add(startSpringBoot(name, service, ports.get(i), ports.get(i), topology.heaps().service(),
                        List.of(), ServiceSettings.environment(service, topology)));
            }
        }
    }

    private void startGateway() {
        gateway = startSpringBoot("gateway", "gateway", topology.gatewayPort(), topology.gatewayManagementPort(),
                topology.heaps().gateway(), gatewayArgs(), ServiceSettings.environment("gateway", topology));
    }

    /** Every service instance, and the signing key kept with the data (tokens survive restarts). */
    private List<String> gatewayArgs() {
        List<String> args = new ArrayList<>();
        args.add("--management.server.port=" + topology.gatewayManagementPort());
        args.add("--management.server.address=127.0.0.1");
        args.add("--gateway.auth.signing-key-file=" + home.data().resolve("gateway").resolve("signing-key.json"));
        topology.servicePorts().forEach((service, ports) -> {
            for (int i = 0; i < ports.size(); i++) {
                args.add("--spring.cloud.discovery.client.simple.instances." + service + "[" + i + "].uri=http://127.0.0.1:"
                        + ports.get(i));
            }
        });
        return args;
    }

    /** {@code managementPort}: where its actuator answers (the same as {@code port} unless it has its own). */
    private ManagedProcess startSpringBoot(String name, String module, int port, int managementPort, String heap,
                                           List<String> extraArgs, Map<String, String> environment) {
        Path jar = serviceJar(module);
        List<String> command = new ArrayList<>(List.of(Jvm.javaExecutable(),
                "-Xms32m", "-Xmx" + heap, "-Xss512k", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=192m",
                "-XX:ReservedCodeCacheSize=64m",
                // Class data sharing: the archive is written on the first run and makes later starts faster.
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + home.classDataSharing().resolve(module + ".jsa"),
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-jar", jar.toString(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--logging.structured.format.console=ecs"));
        command.addAll(extraArgs);
        ManagedProcess process = ManagedProcess.start(name, command, home.root(), home.logs().resolve(name + ".log"),
                environment);
        healthUrls.put(name, "http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        starters.put(name, () -> startSpringBoot(name, module, port, managementPort, heap, extraArgs, environment));
        return process;
    }

    /**
     * Up means reachable from a client: the gateway's load balancer admits an instance only after its own
     * readiness check (every 2 s), so wait until each service answers through the gateway.
     */
    private void awaitRoutable() {
        inParallel(GATEWAY_ROUTES.entrySet().stream().<Runnable>map(route -> () -> {
            String url = topology.gatewayUrl() + "/api/" + route.getValue() + "/actuator/health/readiness";
            Await.until(route.getKey() + " to be reachable through the gateway at " + url, READY_TIMEOUT,
                    () -> !gateway.isAlive() || HealthProbe.isUp(url),
                    () -> "log: " + gateway.log() + System.lineSeparator() + gateway.logTail(15));
        }).toList());
        out.printf("  %-22s routes every service%n", "gateway");
    }

    private void warmUpCatalog() {
        long began = System.nanoTime();
        int requests = topology.warmUpProductReads();
        List<Integer> ports = topology.servicePorts().get("catalog-service");
        AtomicInteger answered = new AtomicInteger();
        inParallel(ports.stream().<Runnable>map(port -> () -> answered.addAndGet(CatalogWarmUp.readProducts(
                "http://127.0.0.1:" + port, requests, topology.seededProducts()))).toList());
        out.printf("  %-22s warmed up: %d of %d product reads answered in %.1f s%n", "catalog-service",
                answered.get(), requests * ports.size(), (System.nanoTime() - began) / 1e9);
    }

    private void awaitReady(List<ManagedProcess> processes) {
        inParallel(processes.stream().<Runnable>map(process -> () -> {
            awaitHealthy(process, healthUrls.get(process.name()));
            out.printf("  %-22s ready   %s%n", process.name(), healthUrls.get(process.name())
                    .replace("/actuator/health/readiness", ""));
        }).toList());
    }

    private void awaitHealthy(ManagedProcess process, String healthUrl) {
        Await.until(process.name() + " to become ready at " + healthUrl, READY_TIMEOUT,
                () -> !process.isAlive() || HealthProbe.isUp(healthUrl),
                () -> "log: " + process.log() + System.lineSeparator() + process.logTail(15));
        if (!process.isAlive()) {
            throw new InfrastructureException(process.name() + " died while starting; its log is " + process.log()
                    + System.lineSeparator() + process.logTail(25));
        }
    }

    private void requirePortsFree() {
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
        wanted.forEach((port, who) -> Ports.requireFree(port, who));
    }

    private void requireServiceJars() {
        List<String> modules = new ArrayList<>(Topology.SERVICES);
        modules.add("gateway");
        for (String module : modules) {
            if (!Files.isRegularFile(serviceJar(module))) {
                throw new InfrastructureException("missing " + serviceJar(module) + ": build first (./mvnw -DskipTests package)");
            }
        }
        tool("zipkin-server");
        tool("wiremock-standalone");
    }

    private Path serviceJar(String module) {
        return projectDir.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
    }

    private Path tool(String prefix) {
        Path tools = projectDir.resolve("infra/local/target/tools");
        try (var jars = Files.list(tools)) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new InfrastructureException("missing " + prefix + " in " + tools
                            + ": build first (./mvnw -DskipTests package)"));
        } catch (IOException e) {
            throw new InfrastructureException("missing " + tools + ": build first (./mvnw -DskipTests package)", e);
        }
    }

    /**
     * Name and pid of every process, written once all are up and again on each restart. A process that is not
     * running under this runtime (a failed restart) has "-" for a pid: never a number a script could kill.
     */
    private void writeProcessTable() throws IOException {
        Files.createDirectories(home.run());
        List<String> rows = processes().stream()
                .map(process -> process.name() + "\t" + (process.pid() > 0 ? Long.toString(process.pid()) : NO_PID))
                .toList();
        Path written = home.run().resolve(home.processTable().getFileName() + ".new");
        Files.write(written, rows);
        // Readers (status, down, scripts grepping a pid) never see a half-written table.
        Files.move(written, home.processTable(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeProcessTableQuietly() {
        try {
            writeProcessTable();
        } catch (IOException e) {
            out.println("could not update " + home.processTable() + ": " + e.getMessage());
        }
    }

    private static void inParallel(List<Runnable> tasks) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> futures = tasks.stream()
                    .map(task -> CompletableFuture.runAsync(task, executor)).toList();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
