package dev.patternshop.local;

import dev.patternshop.infra.embedded.FileTrees;
import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.infra.embedded.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./patternshop up [--fresh] | down | status | restart NAME}: the command-line face of {@link LocalRuntime}.
 * {@code up} stays in the foreground until Ctrl-C (or {@code down} from another terminal), then stops
 * every process it started. {@code restart} asks that running launcher (it owns the processes) to restart one,
 * through a request file in {@code .patternshop/run/requests}.
 */
public final class Launcher {

    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);
    /** Longer than the launcher's own limits on one restart (stop grace, then readiness), so it always answers first. */
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(10);

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path projectDir = Path.of(System.getProperty("patternshop.project.dir", "."))
                .toAbsolutePath()
                .normalize();
        RuntimeHome home = new RuntimeHome(Path.of(System.getenv()
                        .getOrDefault(
                                "PATTERNSHOP_HOME",
                                projectDir.resolve(".patternshop").toString()))
                .toAbsolutePath());
        int portOffset = Integer.parseInt(System.getenv().getOrDefault("PATTERNSHOP_PORT_OFFSET", "0"));
        String command = args.length == 0 ? "up" : args[0];
        int exit = switch (command) {
            case "up" ->
                up(projectDir, home, Topology.load(portOffset), List.of(args).contains("--fresh"));
            case "down" -> down(home);
            case "status" -> status(home);
            case "instance" ->
                instance(
                        projectDir,
                        home,
                        Topology.load(portOffset),
                        List.of(args).subList(1, args.length));
            case "restart" -> restart(home, List.of(args).subList(1, args.length));
            default -> {
                System.err.println("usage: ./patternshop up [--fresh] | down | status | restart NAME"
                        + " | instance SERVICE PORT [--spring.args]");
                yield 2;
            }
        };
        System.exit(exit);
    }

    private static int up(Path projectDir, RuntimeHome home, Topology topology, boolean fresh) throws Exception {
        Optional<ProcessHandle> running = runningLauncher(home);
        if (running.isPresent()) {
            System.err.println("Patternshop is already running (launcher pid "
                    + running.get().pid() + "); stop it with ./patternshop down");
            return 1;
        }
        if (fresh) {
            System.out.println("Fresh start: removing " + home.data());
            deleteTree(home.data());
        }
        new RestartRequests(home.requests()).clear(); // left by a restart asked of an earlier run
        Files.createDirectories(home.run());
        Files.writeString(
                home.launcherPid(), Long.toString(ProcessHandle.current().pid()));
        LocalRuntime runtime = new LocalRuntime(projectDir, home, topology, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            System.out.println(System.lineSeparator() + "Stopping Patternshop ...");
            runtime.stop();
            deleteQuietly(home.launcherPid());
            System.out.println("Stopped; data kept in " + home.data());
            stopped.countDown();
        }));
        long begin = System.nanoTime();
        System.out.println("Starting Patternshop (data " + home.data() + ", logs " + home.logs() + ")");
        try {
            runtime.start();
        } catch (InfrastructureException e) {
            System.err.println(System.lineSeparator() + "Patternshop did not start: " + e.getMessage());
            System.err.println("Logs: " + home.logs());
            deleteQuietly(home.launcherPid());
            return 1;
        }
        String gateway = topology.gatewayUrl();
        System.out.printf(
                """

                Patternshop is up in %.0f s.
                  Gateway:  %s
                  Try:      curl -s %s/api/catalog/actuator/health
                  Traces:   http://127.0.0.1:%d
                  Metrics:  %s
                  Logs:     %s
                  Stop:     Ctrl-C here, or ./patternshop down
                """,
                (System.nanoTime() - begin) / 1e9,
                gateway,
                gateway,
                topology.zipkinPort(),
                PrometheusScrapeConfig.binary().isPresent()
                        ? topology.prometheus().url() + " (Prometheus)"
                        : "install Prometheus (apt-get install prometheus) to graph them; without it, each service's"
                                + " /actuator/prometheus",
                home.logs());
        watch(runtime, new RestartRequests(home.requests()), stopped);
        return 0;
    }

    /** {@code instance catalog-service 8090 --catalog.cache.enabled=false}: one more instance, in the foreground. */
    private static int instance(Path projectDir, RuntimeHome home, Topology topology, List<String> args)
            throws InterruptedException {
        if (args.size() < 2 || !args.get(1).matches("\\d{2,5}")) {
            System.err.println("usage: ./patternshop instance SERVICE PORT [--spring.property=value ...]");
            return 2;
        }
        if (runningLauncher(home).isEmpty()) {
            System.err.println(
                    "Start Patternshop first (./patternshop up): the instance uses its databases and broker.");
            return 1;
        }
        LocalRuntime runtime = new LocalRuntime(projectDir, home, topology, System.out);
        ManagedProcess process;
        try {
            process = runtime.startExtraInstance(
                    args.get(0), Integer.parseInt(args.get(1)), args.subList(2, args.size()));
        } catch (InfrastructureException e) {
            System.err.println("The instance did not start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> process.stop(Duration.ofSeconds(20))));
        System.out.println("Extra instance " + process + " is up; Ctrl-C stops it.");
        process.awaitExit(Duration.ofDays(365));
        return 0;
    }

    /**
     * Reports processes that die after start (a crash, or a user breaking things on purpose) and carries out
     * the restart requests of {@code ./patternshop restart}.
     */
    private static void watch(LocalRuntime runtime, RestartRequests requests, CountDownLatch stopped)
            throws InterruptedException {
        Set<String> reported = new HashSet<>();
        while (!stopped.await(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
            List<LocalRuntime.ProcessState> dead = runtime.deadProcesses();
            for (LocalRuntime.ProcessState process : dead) {
                if (reported.add(process.name())) {
                    System.out.println("! " + process.name() + " has exited; its log is " + process.log()
                            + " (./patternshop restart " + process.name() + " starts it again)");
                }
            }
            reported.retainAll(
                    dead.stream().map(LocalRuntime.ProcessState::name).toList());
            requests.answerPending(name -> restart(runtime, name));
        }
    }

    private static String restart(LocalRuntime runtime, String name) {
        System.out.println("Restarting " + name + " (asked by ./patternshop restart) ...");
        long began = System.nanoTime();
        String answer;
        try {
            LocalRuntime.ProcessState restarted = runtime.restart(name);
            answer = String.format(
                    "restarted %s: pid %d, ready in %.1f s", name, restarted.pid(), (System.nanoTime() - began) / 1e9);
        } catch (RuntimeException e) {
            answer = RestartRequests.FAILED + e.getMessage();
        }
        System.out.println("  " + answer);
        return answer;
    }

    /** {@code restart kafka}: hands the request to the running launcher and waits for its answer. */
    private static int restart(RuntimeHome home, List<String> names) throws IOException, InterruptedException {
        if (names.size() != 1) {
            System.err.println("usage: ./patternshop restart NAME   (a name from ./patternshop status, e.g. kafka,"
                    + " redis, order-service-1, orders-a-replica)");
            return 2;
        }
        if (runningLauncher(home).isEmpty()) {
            System.err.println("Patternshop is not running (./patternshop up starts everything).");
            return 1;
        }
        RestartRequests.Ticket ticket = new RestartRequests(home.requests()).submit(names.getFirst());
        // Given up (Ctrl-C, timeout) before the launcher took the request: take it back, so nothing restarts later.
        Thread withdraw = Thread.ofPlatform().unstarted(ticket::withdraw);
        Runtime.getRuntime().addShutdownHook(withdraw);
        System.out.println(
                "Asked the running launcher to restart " + names.getFirst() + "; waiting for it to be ready ...");
        long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
        Optional<String> answer;
        while ((answer = ticket.takeAnswer()).isEmpty()) {
            if (System.nanoTime() > deadline || runningLauncher(home).isEmpty()) {
                System.err.println("No answer from the launcher within " + RESTART_TIMEOUT.toMinutes()
                        + " min (or it stopped); see its output.");
                return 1;
            }
            Thread.sleep(WATCH_INTERVAL.toMillis() / 4);
        }
        Runtime.getRuntime().removeShutdownHook(withdraw);
        String result = answer.get();
        System.out.println(result);
        return result.startsWith(RestartRequests.FAILED) ? 1 : 0;
    }

    private static int down(RuntimeHome home) throws IOException {
        Optional<ProcessHandle> launcher = runningLauncher(home);
        if (launcher.isPresent()) {
            System.out.println(
                    "Stopping Patternshop (launcher pid " + launcher.get().pid() + ") ...");
            if (AotCaches.isRecording(home.aotCaches())) {
                System.out.println("  then assembling the AOT caches this first run of a build recorded"
                        + " (about 30 s, once per build: later starts take half the time)");
            }
            launcher.get().destroy();
            try {
                launcher.get().onExit().get(DOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println(
                        "The launcher did not stop within " + DOWN_TIMEOUT + "; forcing it and the processes.");
                launcher.get().destroyForcibly();
            }
        }
        int leftovers = killLeftovers(home);
        deleteQuietly(home.launcherPid());
        System.out.println(launcher.isPresent() || leftovers > 0 ? "Stopped." : "Patternshop was not running.");
        return 0;
    }

    /** Processes a crashed launcher left behind, from the table it wrote once everything was up. */
    private static int killLeftovers(RuntimeHome home) throws IOException {
        if (!Files.exists(home.processTable())) {
            return 0;
        }
        int killed = 0;
        for (String row : Files.readAllLines(home.processTable())) {
            String[] columns = row.split("\t");
            Optional<ProcessHandle> process = processOf(columns[1]);
            if (process.isPresent() && process.get().isAlive()) {
                System.out.println("  stopping leftover " + columns[0] + " (pid " + columns[1] + ")");
                process.get().destroy();
                killed++;
            }
        }
        Files.deleteIfExists(home.processTable());
        return killed;
    }

    private static int status(RuntimeHome home) throws IOException {
        Optional<ProcessHandle> launcher = runningLauncher(home);
        if (launcher.isEmpty()) {
            System.out.println("Patternshop is not running.");
            return 3;
        }
        System.out.println(
                "Patternshop is running (launcher pid " + launcher.get().pid() + ").");
        if (Files.exists(home.processTable())) {
            for (String row : Files.readAllLines(home.processTable())) {
                String[] columns = row.split("\t");
                boolean alive =
                        processOf(columns[1]).map(ProcessHandle::isAlive).orElse(false);
                System.out.printf("  %-26s pid %-8s %s%n", columns[0], columns[1], alive ? "running" : "EXITED");
            }
        } else {
            System.out.println("  (still starting)");
        }
        return 0;
    }

    /** The process of a pid column ("-" when the process is not running under the runtime). */
    private static Optional<ProcessHandle> processOf(String pid) {
        return pid.matches("[1-9][0-9]*") ? ProcessHandle.of(Long.parseLong(pid)) : Optional.empty();
    }

    private static Optional<ProcessHandle> runningLauncher(RuntimeHome home) {
        if (!Files.exists(home.launcherPid())) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(home.launcherPid()).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(Launcher.class.getName()))
                        .orElse(true));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // Data kept elsewhere for the Postgres user (see ServerUser.reachable) goes too.
            try (var children = Files.list(root)) {
                for (Path child : children.toList()) {
                    if (Files.isSymbolicLink(child)) {
                        deleteTree(Files.readSymbolicLink(child));
                    }
                }
            }
        }
        FileTrees.delete(root);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Best effort: a stale pid file is detected as stale on the next start.
        }
    }
}
