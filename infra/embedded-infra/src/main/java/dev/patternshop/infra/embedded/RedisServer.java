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
public final class RedisServer extends ServerProcess {

    private static final String BINARY_RESOURCE = "redis-server-7.0.15-linux-amd64";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path workDir;

    public RedisServer(String name, Path workDir, Path log, int port) {
        super(name, log, port, START_TIMEOUT, STOP_GRACE);
        this.workDir = workDir;
    }

    @Override
    public RedisServer start() {
        super.start();
        return this;
    }

    @Override
    protected ManagedProcess launch() {
        Ports.requireFree(port(), name());
        Path binary = BundledBinaries.inTempDir().copyExecutable(BINARY_RESOURCE, "redis");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new InfrastructureException("could not create " + workDir + ": " + e.getMessage(), e);
        }
        return ManagedProcess.start(
                name(),
                List.of(
                        binary.toString(),
                        "--port",
                        Integer.toString(port()),
                        "--bind",
                        Ports.LOOPBACK,
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        workDir.toString(),
                        "--maxmemory",
                        "128mb",
                        "--maxmemory-policy",
                        "allkeys-lru"),
                workDir,
                log(),
                Map.of());
    }

    @Override
    protected boolean answers() {
        return ping();
    }

    @Override
    protected String readiness() {
        return "answering PING on port " + port();
    }

    public String host() {
        return Ports.LOOPBACK;
    }

    /** A bare RESP PING, so that this library needs no Redis client. */
    public boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.LOOPBACK, port()), 500);
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
