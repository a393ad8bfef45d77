package dev.patternshop.local;

import dev.patternshop.infra.embedded.Await;
import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.infra.embedded.ManagedProcess;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Waits until processes answer their readiness probes, and until the gateway routes to every service. A process
 * that dies while it is awaited ends the wait at once, with the tail of its log.
 */
final class Readiness {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    /** The gateway's public prefix of each service (gateway/src/main/resources/application.yml). */
    static final Map<String, String> GATEWAY_ROUTES = Map.of(
            "catalog-service",
            "catalog",
            "order-service",
            "orders",
            "inventory-service",
            "inventory",
            "payment-service",
            "payments",
            "notification-service",
            "notifications");

    private final Topology topology;
    private final ProcessLauncher launcher;
    private final PrintStream out;

    Readiness(Topology topology, ProcessLauncher launcher, PrintStream out) {
        this.topology = topology;
        this.launcher = launcher;
        this.out = out;
    }

    /** Waits for all of them in parallel and reports each as it becomes ready. */
    void awaitReady(List<ManagedProcess> processes) {
        InParallel.run(processes.stream()
                .<Runnable>map(process -> () -> {
                    awaitHealthy(process);
                    out.printf("  %-22s ready   %s%n", process.name(), launcher.address(process.name()));
                })
                .toList());
    }

    void awaitHealthy(ManagedProcess process) {
        String healthUrl = launcher.healthUrl(process.name());
        Await.until(
                process.name() + " to become ready at " + healthUrl,
                READY_TIMEOUT,
                () -> !process.isAlive() || HealthProbe.isUp(healthUrl),
                () -> "log: " + process.log() + System.lineSeparator() + process.logTail(15));
        if (!process.isAlive()) {
            throw new InfrastructureException(process.name() + " died while starting; its log is " + process.log()
                    + System.lineSeparator() + process.logTail(25));
        }
    }

    /**
     * Up means reachable from a client: the gateway's load balancer admits an instance only after its own
     * readiness check (every 2 s), so wait until each service answers through the gateway.
     */
    void awaitRoutable(ManagedProcess gateway) {
        InParallel.run(GATEWAY_ROUTES.entrySet().stream()
                .<Runnable>map(route -> () -> {
                    String url = topology.gatewayUrl() + "/api/" + route.getValue() + "/actuator/health/readiness";
                    Await.until(
                            route.getKey() + " to be reachable through the gateway at " + url,
                            READY_TIMEOUT,
                            () -> !gateway.isAlive() || HealthProbe.isUp(url),
                            () -> "log: " + gateway.log() + System.lineSeparator() + gateway.logTail(15));
                })
                .toList());
        out.printf("  %-22s routes every service%n", "gateway");
    }
}
