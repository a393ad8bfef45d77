package dev.patternshop.infra.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real redis-server (7.0, statically linked, shipped in the org.signal:embedded-redis jar) as a process.
 * It keeps nothing on disk: Patternshop uses Redis for caches and rate-limit buckets, which may be lost.
 */
public final class RedisServer {

    private static final String BINARY_RESOURCE = "redis-server-7.0.15-linux-amd64";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Path workDir;
    private final Path log;
    private final int port;
    private volatile ManagedProcess process;

    public RedisServer(String name, Path workDir, Path log, int port) {
        this.name = name;
        this.workDir = workDir;
        this.log = log;
        this.port = port;
    }

    public RedisServer start() {
        if (isRunning()) {
            return this;
        }
        Ports.requireFree(port, name);
        Path binary = BundledBinaries.inTempDir().copyExecutable(BINARY_RESOURCE, "redis");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new InfrastructureException("could not create " + workDir + ": " + e.getMessage(), e);
        }
        process = ManagedProcess.start(name, List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", Ports.LOOPBACK,
                "--save", "",
                "--appendonly", "no",
                "--dir", workDir.toString(),
                "--maxmemory", "128mb",
                "--maxmemory-policy", "allkeys-lru"), workDir, log, Map.of());
        Await.until(name + " answering PING on port " + port, START_TIMEOUT,
                () -> !process.isAlive() || ping(), process::toString);
        if (!process.isAlive()) {
            throw new InfrastructureException(name + " exited on start; last log lines:" + System.lineSeparator()
                    + process.logTail(20));
        }
        return this;
    }

    public void stop() {
        ManagedProcess running = process;
        if (running != null) {
            running.stop(STOP_GRACE);
            process = null;
        }
    }

    public boolean isRunning() {
        ManagedProcess running = process;
        return running != null && running.isAlive();
    }

    public int port() {
        return port;
    }

    public String host() {
        return Ports.LOOPBACK;
    }

    public long pid() {
        ManagedProcess running = process;
        return running == null ? -1 : running.pid();
    }

    public Path log() {
        return log;
    }

    /** A bare RESP PING, so that this library needs no Redis client. */
    public boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.LOOPBACK, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }
}
