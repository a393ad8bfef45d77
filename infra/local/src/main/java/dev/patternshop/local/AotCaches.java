package dev.patternshop.local;

import dev.patternshop.infra.embedded.Jvm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's AOT cache for each service build: classes already parsed, loaded and linked, and method profiles, so a
 * start does that work once per build instead of at every start. Measured on the gateway, to its context refresh, on
 * two cores: 12.9 s of CPU from the packaged jar with class-data sharing, 8.9 s extracted with it, 6.5 s extracted
 * with an AOT cache (docs/benchmarks.md has the whole system's start).
 *
 * <p>A cache is made in two steps, so that no run pays for both. The first start after a build runs one instance of
 * each service in record mode, which writes what it loaded and linked ({@code <build>.aotconf}) when it exits. (The
 * JVM's one-step mode assembles the cache as it exits instead: six assemblies at once outlasted the stop's grace on
 * two cores and left no cache.) The assembly ({@code -XX:AOTMode=create}, about 7 s a service) runs after a stop,
 * once everything else has stopped, or, if a stop was cut short, at the next start beside the infrastructure's. A
 * cache that does not match (another JDK, say) is ignored by the JVM, which then starts as without one.
 *
 * <p>Nothing is recorded while {@code JDK_JAVA_OPTIONS}, {@code JAVA_TOOL_OPTIONS} or {@code _JAVA_OPTIONS} is set: the
 * recorder would run with those options, and a cache made from its recording may never map without them. For the
 * same reason an assembly runs without them. One recorded under JFR
 * ({@code -XX:StartFlightRecording} adds the {@code jdk.jfr} module) was refused by every later start, "Unable to map
 * shared spaces", and those services started without a cache, 84 s instead of 58, with nothing to re-record it.
 */
final class AotCaches {

    private static final String RECORDING = ".aotconf";
    /** Two cores: two assemblies at a time. */
    private static final int ASSEMBLERS = 2;
    /** A stop must not hang on a stuck assembly (one takes about 7 s). */
    private static final Duration ASSEMBLY_TIMEOUT = Duration.ofMinutes(2);
    /** Where the environment adds options to every JVM, the recorder's included. */
    private static final List<String> JVM_OPTIONS_VARIABLES =
            List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    private final Path folder;
    private final Path logs;
    private final ExtractedApplications applications;
    /** Builds with a recording instance launched by this runtime: one recorder per build. */
    private final Set<String> recording = new HashSet<>();

    private final boolean jvmOptionsFromEnvironment;

    AotCaches(Path folder, Path logs, ExtractedApplications applications) {
        this(folder, logs, applications, System.getenv());
    }

    /** {@code environment}: the variables the launched JVMs inherit. */
    AotCaches(Path folder, Path logs, ExtractedApplications applications, Map<String, String> environment) {
        this.folder = folder;
        this.logs = logs;
        this.applications = applications;
        this.jvmOptionsFromEnvironment = JVM_OPTIONS_VARIABLES.stream()
                .anyMatch(name -> !environment.getOrDefault(name, "").isBlank());
    }

    /**
     * The JVM options for one launch of {@code application}: its cache if there is one; else record mode if no
     * recording is waiting to be assembled and no other instance of the build records ({@code mayRecord}: false for a
     * benchmark's extra instance, which must run as a user's would) and no JVM options come from the environment; else
     * none.
     */
    synchronized List<String> options(Path application, boolean mayRecord) {
        String build = ExtractedApplications.buildOf(application);
        if (Files.isRegularFile(cache(build))) {
            return List.of("-XX:AOTCache=" + cache(build));
        }
        if (mayRecord && !jvmOptionsFromEnvironment && !Files.exists(recordingOf(build)) && recording.add(build)) {
            // Errors only: a recording lists every class it cannot keep (proxies, failed verifications) as it exits.
            return List.of(
                    "-XX:AOTMode=record", "-XX:AOTConfiguration=" + recordingOf(build), "-Xlog:aot=error,cds=error");
        }
        return List.of();
    }

    /** Whether a running (or stopped) recorder left a recording in {@code folder} to assemble. */
    static boolean isRecording(Path folder) {
        return fileNames(folder).stream().anyMatch(name -> name.endsWith(RECORDING));
    }

    /**
     * Assembles a cache from each recording that has none yet, with the JVM options the services run with, and says
     * so on {@code out}. Best effort: a failed assembly drops its recording, so the next start records again.
     */
    void assemblePending(List<String> jvmOptions, PrintStream out) {
        removeStale();
        List<String> builds = pendingBuilds();
        if (builds.isEmpty()) {
            return;
        }
        long began = System.nanoTime();
        List<String> assembled = new ArrayList<>();
        try (ExecutorService assemblers = Executors.newFixedThreadPool(ASSEMBLERS)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (String build : builds) {
                results.add(assemblers.submit(() -> assemble(build, jvmOptions)));
            }
            for (int i = 0; i < builds.size(); i++) {
                if (results.get(i).get()) {
                    assembled.add(ExtractedApplications.moduleOf(builds.get(i)));
                }
            }
        } catch (Exception e) {
            out.println("  AOT caches not assembled (" + e.getMessage() + "); the next start records again");
            return;
        }
        out.printf(
                "  AOT caches assembled for the next start in %.1f s: %s%n",
                (System.nanoTime() - began) / 1e9, assembled.isEmpty() ? "none" : String.join(", ", assembled));
    }

    /** Caches and recordings of builds whose extracted application is gone (ExtractedApplications keeps two). */
    private void removeStale() {
        for (String name : fileNames(folder)) {
            String build = name.replaceFirst("\\.aot(conf|\\.assembling)?$", "");
            if (!build.equals(name) && !Files.exists(applications.applicationOf(build))) {
                try {
                    Files.deleteIfExists(folder.resolve(name));
                } catch (IOException e) {
                    // Best effort: a stale file only takes room.
                }
            }
        }
    }

    private List<String> pendingBuilds() {
        return fileNames(folder).stream()
                .filter(name -> name.endsWith(RECORDING))
                .map(name -> name.substring(0, name.length() - RECORDING.length()))
                .filter(build -> !Files.exists(cache(build)))
                .sorted()
                .toList();
    }

    /** The names of the files in {@code folder}; none if it is missing or cannot be read. */
    private static List<String> fileNames(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private boolean assemble(String build, List<String> jvmOptions) throws IOException, InterruptedException {
        Path application = applications.applicationOf(build);
        Path partial = folder.resolve(build + ".aot.assembling");
        Path log = logs.resolve("aot-" + ExtractedApplications.moduleOf(build) + ".log");
        boolean done = false;
        if (Files.isRegularFile(application)) {
            List<String> command = new ArrayList<>(List.of(Jvm.javaExecutable()));
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    "-XX:AOTMode=create",
                    "-XX:AOTConfiguration=" + recordingOf(build),
                    "-XX:AOTCache=" + partial,
                    "-jar",
                    application.toString()));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeAll(JVM_OPTIONS_VARIABLES);
            Process assembly = builder.start();
            if (!assembly.waitFor(ASSEMBLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                assembly.destroyForcibly().waitFor();
            }
            done = !assembly.isAlive() && assembly.exitValue() == 0 && Files.isRegularFile(partial);
        }
        if (done) {
            Files.move(partial, cache(build), StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(partial);
        }
        // Assembled or not, the recording is done with: a failed one is recorded again at the next start.
        Files.deleteIfExists(recordingOf(build));
        return done;
    }

    private Path cache(String build) {
        return folder.resolve(build + ".aot");
    }

    private Path recordingOf(String build) {
        return folder.resolve(build + RECORDING);
    }
}
