package dev.patternshop.local;

import java.nio.file.Path;

/**
 * Where the runtime keeps its state: {@code data/} survives restarts (delete it, or pass --fresh, to
 * start over), {@code logs/} has one file per process, {@code run/} the launcher's pid, the process table and
 * the restart requests another terminal leaves for the running launcher.
 */
public record RuntimeHome(Path root) {

    public Path data() {
        return root.resolve("data");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path run() {
        return root.resolve("run");
    }

    public Path launcherPid() {
        return run().resolve("launcher.pid");
    }

    public Path processTable() {
        return run().resolve("processes.tsv");
    }

    /** {@code ./patternshop restart NAME} drops a request here; the running launcher answers beside it. */
    public Path requests() {
        return run().resolve("requests");
    }

    /** The JVM's AOT caches, one per service build (AotCaches). */
    public Path aotCaches() {
        return root.resolve("aot");
    }
}
