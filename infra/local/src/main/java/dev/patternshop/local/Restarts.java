package dev.patternshop.local;

import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.infra.embedded.ManagedProcess;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How each process of a running runtime is restarted by name ({@code ./patternshop restart NAME}): a JVM is
 * stopped, launched again as it was and awaited until ready; a server restarts on its own data.
 */
final class Restarts {

    private final JvmProcesses processes;
    private final Infrastructure infrastructure;
    private final ProcessLauncher launcher;
    private final Readiness readiness;
    private final Runnable processesChanged;
    private final BooleanSupplier stopping;

    /**
     * @param processesChanged called as soon as a fresh JVM has its pid, so the process table names it while it starts
     * @param stopping true once the runtime stops: a restart then launches nothing that would outlive it
     */
    Restarts(
            JvmProcesses processes,
            Infrastructure infrastructure,
            ProcessLauncher launcher,
            Readiness readiness,
            Runnable processesChanged,
            BooleanSupplier stopping) {
        this.processes = processes;
        this.infrastructure = infrastructure;
        this.launcher = launcher;
        this.readiness = readiness;
        this.processesChanged = processesChanged;
        this.stopping = stopping;
    }

    /** Every process that can be restarted now, by its name in the process table. */
    Map<String, Runnable> byName() {
        Map<String, Runnable> restarts = new LinkedHashMap<>();
        processes.all().forEach(process -> restarts.put(process.name(), () -> restartJvm(process)));
        restarts.putAll(infrastructure.restarts());
        return restarts;
    }

    private void restartJvm(ManagedProcess old) {
        old.stop(JvmProcesses.SERVICE_STOP_GRACE);
        if (stopping.getAsBoolean()) {
            throw new InfrastructureException("the runtime is stopping");
        }
        ManagedProcess fresh = launcher.relaunch(old.name());
        processes.replace(old, fresh);
        processesChanged.run();
        readiness.awaitHealthy(fresh);
        if (processes.isGateway(fresh)) {
            readiness.awaitRoutable(fresh);
        }
    }
}
