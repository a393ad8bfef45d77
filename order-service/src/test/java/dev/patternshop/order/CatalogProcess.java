package dev.patternshop.order;

import dev.patternshop.infra.embedded.Await;
import dev.patternshop.infra.embedded.Jvm;
import dev.patternshop.infra.embedded.ManagedProcess;
import dev.patternshop.infra.embedded.Ports;
import dev.patternshop.testsupport.TestInfrastructure;
import dev.patternshop.testsupport.security.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real catalog-service for the order service's tests to price against: its executable jar as its own process,
 * on its own database on the test Postgres and the test Redis. One per test JVM; tests that stop it start it again.
 */
final class CatalogProcess {

    private static final String JAR_PROPERTY = "patternshop.test.catalog-jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int WARM_UP_REQUESTS = 30;
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static CatalogProcess shared;

    private final int port = Ports.free();
    private ManagedProcess process;

    private CatalogProcess() {}

    /** The running catalog (started on first use, or again after a test stopped it). */
    static synchronized CatalogProcess shared() {
        if (shared == null) {
            shared = new CatalogProcess();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.stop(), "catalog-process-stop"));
        }
        shared.ensureRunning();
        return shared;
    }

    String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    synchronized void ensureRunning() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "../catalog-service/target/catalog-service.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no catalog-service jar at " + jar + ": build it first "
                    + "(./mvnw -pl order-service -am verify builds it on the way)");
        }
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        TestInfrastructure.PostgresEndpoints database = infrastructure.postgres("catalog");
        TestInfrastructure.RedisEndpoint redis = infrastructure.redis();
        Map<String, String> environment = Map.of(
                "SPRING_DATASOURCE_URL", database.primaryUrl(),
                "SPRING_DATASOURCE_USERNAME", database.username(),
                "SPRING_DATASOURCE_PASSWORD", database.password(),
                "SPRING_DATA_REDIS_HOST", redis.host(),
                "SPRING_DATA_REDIS_PORT", Integer.toString(redis.port()),
                "PATTERNSHOP_JWK_SET_URI", TestTokens.shared().jwkSetUri().toString());
        Path log = Path.of("target", "catalog-process.log");
        process = ManagedProcess.start(
                "catalog-service",
                List.of(
                        Jvm.javaExecutable(),
                        "-Xmx160m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--server.port=" + port,
                        "--server.address=" + Ports.LOOPBACK,
                        "--management.tracing.sampling.probability=0",
                        "--patternshop.tracing.sampling.traces-per-second=0"),
                Path.of("."),
                log,
                environment);
        Await.until(
                "catalog-service to be ready on " + url(),
                START_TIMEOUT,
                () -> !process.isAlive() || isReady(),
                () -> process.logTail(40));
        if (!process.isAlive()) {
            throw new IllegalStateException("catalog-service exited:\n" + process.logTail(40));
        }
        warmUp();
    }

    /**
     * A just-started JVM answers its first product requests slowly (class loading, a cold JIT, pools opening):
     * on a busy two-core machine, past the order service's 1 s read timeout, which then failed a test's first
     * order with 503. Tests are about the order service, so they meet a catalog that has served a little.
     */
    private void warmUp() {
        for (long productId = 1; productId <= WARM_UP_REQUESTS; productId++) {
            try {
                HttpResponse<Void> response = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url() + "/products/" + productId))
                                .timeout(WARM_UP_TIMEOUT)
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("catalog-service answered " + response.statusCode()
                            + " for seeded product " + productId + ":\n" + process.logTail(40));
                }
            } catch (IOException e) {
                throw new IllegalStateException(
                        "catalog-service did not answer while warming up:\n" + process.logTail(40), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Like a crash or a lost network: the catalog stops answering at once. */
    synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    private boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
