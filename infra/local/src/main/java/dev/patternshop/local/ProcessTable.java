package dev.patternshop.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code .patternshop/run/processes.tsv}: name and pid of every process, written once all are up and again on
 * each restart, read by {@code status} and by {@code down} (which stops what a crashed launcher left behind).
 */
final class ProcessTable {

    /** The pid column for a process that is not running: never a number a script could kill. */
    static final String NO_PID = "-";

    private final RuntimeHome home;
    private final PrintStream out;

    ProcessTable(RuntimeHome home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    void write(List<LocalRuntime.ProcessState> processes) throws IOException {
        Files.createDirectories(home.run());
        List<String> rows = processes.stream()
                .map(process -> process.name() + "\t" + (process.pid() > 0 ? Long.toString(process.pid()) : NO_PID))
                .toList();
        Path written = home.run().resolve(home.processTable().getFileName() + ".new");
        Files.write(written, rows);
        // Readers (status, down, scripts grepping a pid) never see a half-written table.
        Files.move(written, home.processTable(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** After a restart: a table that cannot be written is reported, and the restart still counts. */
    void writeQuietly(List<LocalRuntime.ProcessState> processes) {
        try {
            write(processes);
        } catch (IOException e) {
            out.println("could not update " + home.processTable() + ": " + e.getMessage());
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(home.processTable());
        } catch (IOException ignored) {
            // The table only helps `down` find leftovers; a stale one names dead pids.
        }
    }
}
