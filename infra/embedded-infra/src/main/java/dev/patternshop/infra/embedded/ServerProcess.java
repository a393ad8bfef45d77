package dev.patternshop.infra.embedded;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The life of a server that runs as its own process on a fixed port (Redis, Kafka): start it unless it runs,
 * wait until it answers, say why when it dies on the way, stop it with a grace period. A subclass says how to
 * launch it and how to tell that it answers.
 */
public abstract class ServerProcess {

    private final String name;
    private final Path log;
    private final int port;
    private final Duration startTimeout;
    private final Duration stopGrace;
    private volatile ManagedProcess process;

    protected ServerProcess(String name, Path log, int port, Duration startTimeout, Duration stopGrace) {
        this.name = name;
        this.log = log;
        this.port = port;
        this.startTimeout = startTimeout;
        this.stopGrace = stopGrace;
    }

    /** Ports are free, files are in place: start the process (it is not awaited here). */
    protected abstract ManagedProcess launch();

    /** True once the server answers requests; asked until it does or the start timeout passes. */
    protected abstract boolean answers();

    /** What the start waits for, for the timeout's message. */
    protected abstract String readiness();

    /** How many log lines explain a failed start. */
    protected int logLinesOnFailure() {
        return 20;
    }

    public synchronized ServerProcess start() {
        if (isRunning()) {
            return this;
        }
        ManagedProcess started = launch();
        process = started;
        Await.until(name + " " + readiness(), startTimeout, () -> !started.isAlive() || answers(), started::toString);
        if (!started.isAlive()) {
            throw new InfrastructureException(name + " exited on start; last log lines:" + System.lineSeparator()
                    + started.logTail(logLinesOnFailure()));
        }
        return this;
    }

    public final synchronized void stop() {
        ManagedProcess running = process;
        if (running != null) {
            running.stop(stopGrace);
            process = null;
        }
    }

    public final boolean isRunning() {
        ManagedProcess running = process;
        return running != null && running.isAlive();
    }

    public final int port() {
        return port;
    }

    public final String name() {
        return name;
    }

    public final long pid() {
        ManagedProcess running = process;
        return running == null ? -1 : running.pid();
    }

    public final Path log() {
        return log;
    }
}
