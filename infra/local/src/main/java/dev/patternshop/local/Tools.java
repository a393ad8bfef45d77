package dev.patternshop.local;

import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.infra.embedded.ManagedProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Zipkin (traces), the WireMock payment provider and the demo webhook receiver, each its own JVM, started beside the
 * infrastructure; and Prometheus when it is installed (optional: nothing else needs it, CI does not install it).
 */
final class Tools {

    private final Path projectDir;
    private final Topology topology;
    private final ProcessLauncher launcher;
    private final Readiness readiness;
    private final JvmProcesses processes;
    private final PrintStream out;
    private final RuntimeHome home;

    Tools(
            Path projectDir,
            RuntimeHome home,
            Topology topology,
            ProcessLauncher launcher,
            Readiness readiness,
            JvmProcesses processes,
            PrintStream out) {
        this.home = home;
        this.projectDir = projectDir;
        this.topology = topology;
        this.launcher = launcher;
        this.readiness = readiness;
        this.processes = processes;
        this.out = out;
    }

    /** One start per tool, each returning once the tool is ready. */
    List<Runnable> starts() {
        List<Runnable> starts = new ArrayList<>(jvmTools());
        starts.add(this::startPrometheus);
        return starts;
    }

    /** How many tool processes {@link #starts()} starts: the JVM tools, and Prometheus when it is installed. */
    int count() {
        return jvmTools().size() + (PrometheusScrapeConfig.binary().isPresent() ? 1 : 0);
    }

    /** Zipkin, the payment provider, the webhook receiver: always started. */
    private List<Runnable> jvmTools() {
        return List.of(
                () -> start(
                        "zipkin",
                        "zipkin-server",
                        topology.heaps().zipkin(),
                        List.of(
                                "--armeria.ports[0].port=" + topology.zipkinPort(),
                                "--armeria.ports[0].ip=127.0.0.1",
                                "--armeria.ports[0].protocols[0]=http",
                                "--zipkin.storage.mem.max-spans=" + topology.zipkinMaxSpans()),
                        "http://127.0.0.1:" + topology.zipkinPort() + "/health"),
                () -> start(
                        "payment-provider",
                        "wiremock-standalone",
                        topology.heaps().paymentProvider(),
                        List.of(
                                "--port",
                                Integer.toString(topology.paymentProviderPort()),
                                "--bind-address",
                                "127.0.0.1",
                                "--root-dir",
                                projectDir.resolve("infra/docker/wiremock").toString(),
                                "--disable-banner",
                                "--max-request-journal-entries",
                                Integer.toString(topology.paymentProviderJournalEntries())),
                        "http://127.0.0.1:" + topology.paymentProviderPort() + "/__admin/mappings"),
                () -> {
                    String health = "http://127.0.0.1:" + topology.webhookReceiverPort() + "/health";
                    ManagedProcess process = launcher.mainClass(
                            "webhook-receiver",
                            DemoWebhookReceiver.class.getName(),
                            topology.heaps().webhookReceiver(),
                            List.of(Integer.toString(topology.webhookReceiverPort())),
                            health);
                    processes.addTool(process);
                    readiness.awaitHealthy(process);
                    out.printf("  %-18s %s%n", "webhook-receiver", health.replace("/health", ""));
                });
    }

    /** Prometheus scraping every service instance and the gateway, or one line saying how to get it. */
    private void startPrometheus() {
        Optional<Path> binary = PrometheusScrapeConfig.binary();
        if (binary.isEmpty()) {
            out.printf(
                    "  %-18s %s%n", "prometheus", "not installed, skipped (apt-get install prometheus to see metrics)");
            return;
        }
        Topology.Prometheus prometheus = topology.prometheus();
        Path config = home.run().resolve("prometheus.yml");
        try {
            Files.createDirectories(home.run());
            Files.writeString(config, PrometheusScrapeConfig.render(topology));
        } catch (IOException e) {
            throw new InfrastructureException("could not write " + config + ": " + e.getMessage(), e);
        }
        String health = prometheus.url() + "/-/ready";
        ManagedProcess process = launcher.program(
                "prometheus",
                List.of(
                        binary.get().toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + home.data().resolve("prometheus"),
                        "--storage.tsdb.retention.time=" + prometheus.retention(),
                        "--web.listen-address=127.0.0.1:" + prometheus.port()),
                health);
        processes.addTool(process);
        readiness.awaitHealthy(process);
        out.printf("  %-18s %s%n", "prometheus", prometheus.url());
    }

    private void start(String name, String jarPrefix, String heap, List<String> args, String healthUrl) {
        ManagedProcess process = launcher.tool(name, jarPrefix, heap, args, healthUrl);
        processes.addTool(process);
        readiness.awaitHealthy(process);
        out.printf("  %-18s %s%n", name, healthUrl.replaceFirst("/(health|__admin/mappings)$", ""));
    }
}
