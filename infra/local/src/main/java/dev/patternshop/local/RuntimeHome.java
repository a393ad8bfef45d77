package dev.patternshop.local;

import java.nio.file.Path;

/**
 * Where the runtime keeps its state: {@code data/} survives restarts (delete it, or pass --fresh, to
 * start over), {@code logs/} has one file per process, {@code run/} the launcher's pid and the process table.
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

    public Path classDataSharing() {
        return root.resolve("cds");
    }
}
