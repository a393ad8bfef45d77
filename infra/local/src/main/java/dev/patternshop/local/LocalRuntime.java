package dev.patternshop.local;

import dev.patternshop.infra.embedded.FileTrees;
import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.infra.embedded.ManagedProcess;
import dev.patternshop.infra.embedded.Ports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine without Docker: real Postgres clusters (with streaming replicas),
 * Redis, Kafka, Zipkin, a WireMock payment provider, then every service and the gateway as its own JVM.
 * Starts infrastructure in parallel, then the services in parallel, waits for every readiness probe,
 * and stops everything in reverse order. Any one process can be restarted while the rest runs on
 * ({@code ./patternshop restart NAME}), to watch the system recover from a fault you caused.
 * <p>
 * This class says in which order things happen; the work is done by {@link Infrastructure} (the servers),
 * {@link Tools}, {@link ProcessLauncher} (the JVMs), {@link Readiness} (the waits), {@link Restarts} and
 * {@link ProcessTable}.
 */
public final class LocalRuntime {

    private final RuntimeHome home;
    private final Topology topology;
    private final PrintStream out;
    private final Infrastructure infrastructure;
    private final JvmProcesses processes = new JvmProcesses();
    private final ProcessLauncher launcher;
    private final Readiness readiness;
    private final Tools tools;
    private final Restarts restarts;
    private final ProcessTable processTable;
    private volatile boolean stopping;
    /** The thread carrying out a restart, interrupted by {@link #stop()} so that Ctrl-C never waits for it. */
    private volatile Thread restarting;

    public LocalRuntime(Path projectDir, RuntimeHome home, Topology topology, PrintStream out) {
        this.home = home;
        this.topology = topology;
        this.out = out;
        this.infrastructure = new Infrastructure(home, topology, out);
        this.launcher = new ProcessLauncher(projectDir, home, topology);
        this.readiness = new Readiness(topology, launcher, out);
        this.tools = new Tools(projectDir, home, topology, launcher, readiness, processes, out);
        this.processTable = new ProcessTable(home, out);
        this.restarts = new Restarts(
                processes,
                infrastructure,
                launcher,
                readiness,
                () -> processTable.writeQuietly(processes()),
                () -> stopping);
    }

    /** Starts everything and returns once every process is ready; on any failure stops what started and throws. */
    public void start() {
        try {
            launcher.requireJars();
            PortCheck.requireFree(topology);
            Files.createDirectories(home.logs());
            Files.createDirectories(home.aotCaches());
            // What earlier versions ran from: copies of the packaged jars and their class-data archives.
            FileTrees.delete(home.root().resolve("cds"));
            FileTrees.delete(home.run().resolve("jars"));
            long started = System.nanoTime();
            List<Runnable> starts = new ArrayList<>(infrastructure.starts());
            starts.addAll(tools.starts());
            starts.add(() -> launcher.prepareApplications(out));
            InParallel.run(starts);
            out.printf("  infrastructure ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            // The gateway needs no service to start: it finds instances per request, so all start together.
            startServices();
            startGateway();
            List<ManagedProcess> everyone = new ArrayList<>(processes.services());
            everyone.add(processes.gateway());
            readiness.awaitReady(everyone);
            readiness.awaitRoutable(processes.gateway());
            CatalogWarmUp.warmUpEveryInstance(topology, out);
            processTable.write(processes());
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
            processes.stop();
            infrastructure.stop();
            processTable.delete();
            launcher.assembleAotCaches(out);
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
        List<String> overridden =
                springArgs.stream().map(arg -> arg.split("=", 2)[0]).toList();
        List<String> args = new ArrayList<>((gatewayInstance ? launcher.gatewayArgs() : List.<String>of())
                .stream()
                        .filter(arg -> !overridden.contains(arg.split("=", 2)[0]))
                        .toList());
        args.addAll(springArgs);
        ManagedProcess process = launcher.extraSpringBoot(
                name,
                service,
                port,
                managementPort,
                gatewayInstance ? topology.heaps().gateway() : topology.heaps().service(),
                args,
                ServiceSettings.environment(service, topology));
        readiness.awaitReady(List.of(process));
        return process;
    }

    /** The tool processes a start runs: Zipkin, the payment provider, the webhook receiver, Prometheus if installed. */
    public int toolCount() {
        return tools.count();
    }

    public Topology topology() {
        return topology;
    }

    /** One row of the process table ({@code ./patternshop status}, {@code .patternshop/run/processes.tsv}). */
    public record ProcessState(String name, long pid, boolean alive, Path log) {}

    /** Every process of the runtime: service instances, gateway, tools, broker, cache, each database server. */
    public List<ProcessState> processes() {
        List<ProcessState> all = new ArrayList<>();
        processes
                .all()
                .forEach(process ->
                        all.add(new ProcessState(process.name(), process.pid(), process.isAlive(), process.log())));
        all.addAll(infrastructure.processes());
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
        Map<String, Runnable> byName = restarts.byName();
        Runnable restart = byName.get(name);
        if (restart == null) {
            throw new InfrastructureException(
                    "there is no process called '" + name + "'; one of: " + String.join(", ", byName.keySet()));
        }
        restarting = Thread.currentThread();
        try {
            restart.run();
        } finally {
            restarting = null;
            Thread.interrupted(); // an interrupt from stop() is done with here
            processTable.writeQuietly(processes());
        }
        return processes().stream()
                .filter(process -> process.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Every service, gateway and tool process that is no longer running. */
    public List<ManagedProcess> exitedProcesses() {
        return processes.all().stream().filter(process -> !process.isAlive()).toList();
    }

    private void startServices() {
        for (Topology.ServiceInstance instance : topology.serviceInstances()) {
            processes.addService(launcher.springBoot(
                    instance.name(),
                    instance.service(),
                    instance.port(),
                    instance.port(),
                    topology.heaps().service(),
                    List.of(),
                    ServiceSettings.environment(instance.service(), topology)));
        }
    }

    private void startGateway() {
        processes.setGateway(launcher.springBoot(
                "gateway",
                "gateway",
                topology.gatewayPort(),
                topology.gatewayManagementPort(),
                topology.heaps().gateway(),
                launcher.gatewayArgs(),
                ServiceSettings.environment("gateway", topology)));
    }
}
