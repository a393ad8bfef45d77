package dev.patternshop.local;

import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.infra.embedded.Jvm;
import dev.patternshop.infra.embedded.ManagedProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Launches each service, the gateway and each tool as its own JVM, and remembers, per process name, how it was
 * launched (to launch it again the same way after a restart) and where it answers for its readiness.
 */
final class ProcessLauncher {

    private final Path projectDir;
    private final RuntimeHome home;
    private final Topology topology;
    private final ExtractedApplications applications;
    private final AotCaches aotCaches;
    private final Map<String, String> healthUrls = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Where each process serves its clients (for the gateway not where its actuator answers). */
    private final Map<String, String> addresses = Collections.synchronizedMap(new LinkedHashMap<>());

    private final Map<String, Supplier<ManagedProcess>> launches = new ConcurrentHashMap<>();

    ProcessLauncher(Path projectDir, RuntimeHome home, Topology topology) {
        this.projectDir = projectDir;
        this.home = home;
        this.topology = topology;
        this.applications = new ExtractedApplications(home);
        this.aotCaches = new AotCaches(home.aotCaches(), home.logs(), applications);
    }

    /**
     * What can be done before the infrastructure is up: every service extracted (once per build), and the AOT caches
     * a stop cut short assembled.
     */
    void prepareApplications(PrintStream out) {
        for (String module : modules()) {
            applications.application(module, serviceJar(module));
        }
        assembleAotCaches(out);
    }

    /** After a stop, once nothing else runs: the AOT caches this run recorded. */
    void assembleAotCaches(PrintStream out) {
        aotCaches.assemblePending(serviceJvmOptions(topology.heaps().service()), out);
    }

    /**
     * A service's JVM: small heap and stacks, the serial collector (two cores, nine JVMs). The JIT keeps its default
     * thresholds. With {@code -XX:CompileThresholdScaling=10} the compilers' share of a start fell from about 60 % to
     * a third and the warm start took 48-50 s instead of 60, but a gateway under load still spent about 700 us of CPU
     * a request after 7 minutes, against 457 us after 3 with the defaults: it trades the first minutes of service for
     * the start.
     */
    private static List<String> serviceJvmOptions(String heap) {
        return List.of(
                "-Xms32m",
                "-Xmx" + heap,
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=192m",
                "-XX:ReservedCodeCacheSize=64m");
    }

    /**
     * A Spring Boot service or the gateway. {@code managementPort}: where its actuator answers (the same as
     * {@code port} unless it has its own).
     */
    ManagedProcess springBoot(
            String name,
            String module,
            int port,
            int managementPort,
            String heap,
            List<String> extraArgs,
            Map<String, String> environment) {
        return springBoot(name, module, port, managementPort, heap, extraArgs, environment, true);
    }

    /**
     * An instance started beside the runtime (a benchmark's): it runs as the runtime's instances do, but never records
     * an AOT cache.
     */
    ManagedProcess extraSpringBoot(
            String name,
            String module,
            int port,
            int managementPort,
            String heap,
            List<String> extraArgs,
            Map<String, String> environment) {
        return springBoot(name, module, port, managementPort, heap, extraArgs, environment, false);
    }

    private ManagedProcess springBoot(
            String name,
            String module,
            int port,
            int managementPort,
            String heap,
            List<String> extraArgs,
            Map<String, String> environment,
            boolean mayRecordAotCache) {
        Path application = applications.application(module, serviceJar(module));
        List<String> command = new ArrayList<>(List.of(Jvm.javaExecutable()));
        command.addAll(serviceJvmOptions(heap));
        command.addAll(aotCaches.options(application, mayRecordAotCache));
        command.addAll(
                List.of(
                        "-jar",
                        application.toString(),
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--logging.structured.format.console=ecs",
                        // Micrometer puts trace exemplars on every timer's _count as well; Prometheus before 2.43
                        // (Debian bookworm's is 2.42) rejects the whole scrape for one. The buckets keep theirs.
                        "--management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes=false"));
        command.addAll(extraArgs);
        ManagedProcess process =
                ManagedProcess.start(name, command, home.root(), home.logs().resolve(name + ".log"), environment);
        healthUrls.put(name, "http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        addresses.put(
                name,
                "http://127.0.0.1:" + port
                        + (managementPort == port ? "" : " (actuator http://127.0.0.1:" + managementPort + ")"));
        launches.put(
                name,
                () -> springBoot(name, module, port, managementPort, heap, extraArgs, environment, mayRecordAotCache));
        return process;
    }

    /** A tool run from its jar in {@code infra/local/target/tools} (Zipkin, WireMock). */
    ManagedProcess tool(String name, String jarPrefix, String heap, List<String> args, String healthUrl) {
        return tool(name, toolJar(jarPrefix), heap, args, healthUrl);
    }

    private ManagedProcess tool(String name, Path jar, String heap, List<String> args, String healthUrl) {
        List<String> command = toolJvm(heap);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        healthUrls.put(name, healthUrl);
        launches.put(name, () -> tool(name, jar, heap, args, healthUrl));
        return ManagedProcess.start(name, command, home.root(), home.logs().resolve(name + ".log"), Map.of());
    }

    /**
     * A tool that is a class of this launcher's own class path (the demo webhook receiver): plain JDK, so the launcher's
     * class path is all it needs.
     */
    ManagedProcess mainClass(String name, String className, String heap, List<String> args, String healthUrl) {
        List<String> command = toolJvm(heap);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), className));
        command.addAll(args);
        healthUrls.put(name, healthUrl);
        launches.put(name, () -> mainClass(name, className, heap, args, healthUrl));
        return ManagedProcess.start(name, command, home.root(), home.logs().resolve(name + ".log"), Map.of());
    }

    /** A tool that is a native program (Prometheus): its command line as is, no JVM. */
    ManagedProcess program(String name, List<String> command, String healthUrl) {
        healthUrls.put(name, healthUrl);
        launches.put(name, () -> program(name, command, healthUrl));
        return ManagedProcess.start(name, command, home.root(), home.logs().resolve(name + ".log"), Map.of());
    }

    /** A tool's JVM: small and quick to start (no service runs in it). */
    private static List<String> toolJvm(String heap) {
        return new ArrayList<>(List.of(
                Jvm.javaExecutable(), "-Xmx" + heap, "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** Launches {@code name} again exactly as it was launched last. */
    ManagedProcess relaunch(String name) {
        return launches.get(name).get();
    }

    String healthUrl(String name) {
        return healthUrls.get(name);
    }

    /** What to show a user for the process: its address (a tool's is its health URL's). */
    String address(String name) {
        return addresses.getOrDefault(name, healthUrls.get(name).replace("/actuator/health/readiness", ""));
    }

    /** Every service instance, and the signing key kept with the data (tokens survive restarts). */
    List<String> gatewayArgs() {
        List<String> args = new ArrayList<>();
        args.add("--management.server.port=" + topology.gatewayManagementPort());
        args.add("--management.server.address=127.0.0.1");
        args.add("--gateway.auth.signing-key-file="
                + home.data().resolve("gateway").resolve("signing-key.json"));
        topology.servicePorts().forEach((service, ports) -> {
            for (int i = 0; i < ports.size(); i++) {
                args.add("--spring.cloud.discovery.client.simple.instances." + service + "[" + i
                        + "].uri=http://127.0.0.1:" + ports.get(i));
            }
        });
        return args;
    }

    /** Fails at once, naming what to build, when a service jar or a tool is missing. */
    void requireJars() {
        for (String module : modules()) {
            if (!Files.isRegularFile(serviceJar(module))) {
                throw new InfrastructureException(
                        "missing " + serviceJar(module) + ": build first (./mvnw -DskipTests package)");
            }
        }
        toolJar("zipkin-server");
        toolJar("wiremock-standalone");
    }

    private static List<String> modules() {
        List<String> modules = new ArrayList<>(Topology.SERVICES);
        modules.add("gateway");
        return modules;
    }

    private Path serviceJar(String module) {
        return projectDir.resolve(module).resolve("target").resolve(module + "-" + BuildVersion.current() + ".jar");
    }

    private Path toolJar(String prefix) {
        Path tools = projectDir.resolve("infra/local/target/tools");
        try (var jars = Files.list(tools)) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() -> new InfrastructureException(
                            "missing " + prefix + " in " + tools + ": build first (./mvnw -DskipTests package)"));
        } catch (IOException e) {
            throw new InfrastructureException("missing " + tools + ": build first (./mvnw -DskipTests package)", e);
        }
    }
}
