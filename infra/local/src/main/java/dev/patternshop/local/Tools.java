package dev.patternshop.local;

import dev.patternshop.infra.embedded.ManagedProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Zipkin (traces), the WireMock payment provider and the demo webhook receiver, each its own JVM, started beside the
 * infrastructure.
 */
final class Tools {

    private final Path projectDir;
    private final Topology topology;
    private final ProcessLauncher launcher;
    private final Readiness readiness;
    private final JvmProcesses processes;
    private final PrintStream out;

    Tools(
            Path projectDir,
            Topology topology,
            ProcessLauncher launcher,
            Readiness readiness,
            JvmProcesses processes,
            PrintStream out) {
        this.projectDir = projectDir;
        this.topology = topology;
        this.launcher = launcher;
        this.readiness = readiness;
        this.processes = processes;
        this.out = out;
    }

    /** One start per tool, each returning once the tool is ready. */
    List<Runnable> starts() {
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

    private void start(String name, String jarPrefix, String heap, List<String> args, String healthUrl) {
        ManagedProcess process = launcher.tool(name, jarPrefix, heap, args, healthUrl);
        processes.addTool(process);
        readiness.awaitHealthy(process);
        out.printf("  %-18s %s%n", name, healthUrl.replaceFirst("/(health|__admin/mappings)$", ""));
    }
}
