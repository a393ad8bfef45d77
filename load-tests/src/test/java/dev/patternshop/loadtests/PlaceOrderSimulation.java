package dev.patternshop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Checkout through the gateway, as many customers: place an order (202 + Location), send the same
 * request again with the same Idempotency-Key (the stored answer, no second order), then read the order back
 * from its Location with the Consistency-Token (read-your-writes, even when the read meets a replica).
 * A warm-up ramps up over {@code rampSeconds} (reported, not judged: right after a start, cold JVMs on two cores
 * answered some first orders with 503 + Retry-After), then the measured run holds {@code usersPerSecond} for
 * {@code durationSeconds} and fails when any of its requests fails. The customers ({@code customers}, 1,000) carry
 * tokens signed with the running gateway's own key ({@link CustomerTokens}): the three demo users would reach the
 * cap on pending orders per customer within seconds, and logins are throttled per address anyway.
 *
 * <pre>./mvnw -pl load-tests test-compile gatling:test -Dgatling.simulationClass=dev.patternshop.loadtests.PlaceOrderSimulation -DusersPerSecond=10</pre>
 */
public class PlaceOrderSimulation extends Simulation {

    private static final String GATEWAY = System.getProperty("gatewayUrl", "http://127.0.0.1:8080");
    private static final double USERS_PER_SECOND = Double.parseDouble(System.getProperty("usersPerSecond", "10"));
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("durationSeconds", 30));
    // The warm-up goes from one user a second up to the rate.
    private static final Duration RAMP = Duration.ofSeconds(Long.getLong("rampSeconds", 20));
    private static final int CUSTOMERS = Integer.getInteger("customers", 1_000);
    /** The running gateway's key: {@code ./patternshop up} keeps it under .patternshop/data of the project. */
    private static final String KEPT_KEY = ".patternshop/data/gateway/signing-key.json";
    /** The seeded catalog's ids (infra/local seeds 10,000 products). */
    private static final int SEEDED_PRODUCTS = 10_000;

    private final HttpProtocolBuilder protocol = http.baseUrl(GATEWAY).acceptHeader("application/json");

    private final ChainBuilder placeRetryRead = feed(listFeeder(customers()).random())
            .exec(session -> session.set("key", UUID.randomUUID().toString()).set("order", randomOrder()))
            .exec(http("place order")
                    .post("/api/orders/orders")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{key}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("#{order}"))
                    .check(
                            status().is(202),
                            header("Location").saveAs("location"),
                            header("Consistency-Token").saveAs("consistency"),
                            jsonPath("$.id").saveAs("id")))
            // Nothing to retry or read back when placing failed: one failure, not three.
            .exitHereIfFailed()
            .exec(http("retry with the same key")
                    .post("/api/orders/orders")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{key}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("#{order}"))
                    .check(
                            status().is(202),
                            header("Idempotent-Replayed").is("true"),
                            jsonPath("$.id").isEL("#{id}")))
            .exec(http("read it back")
                    .get("#{location}")
                    .header("Authorization", "Bearer #{token}")
                    .header("Consistency-Token", "#{consistency}")
                    .check(status().is(200), jsonPath("$.id").isEL("#{id}")));

    {
        // The same checkout twice: a warm-up that ramps up and is reported but not judged, then the measured run.
        ScenarioBuilder warmUp = scenario("warm-up").group("warm-up").on(placeRetryRead);
        ScenarioBuilder checkout = scenario("checkout").group("checkout").on(placeRetryRead);
        setUp(warmUp.injectOpen(rampUsersPerSec(1).to(USERS_PER_SECOND).during(RAMP))
                        .andThen(checkout.injectOpen(
                                constantUsersPerSec(USERS_PER_SECOND).during(DURATION))))
                .protocols(protocol)
                .assertions(details("checkout").failedRequests().count().is(0L));
    }

    private static String randomOrder() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(1, SEEDED_PRODUCTS - 3);
        return IntStream.range(0, random.nextInt(1, 4))
                .mapToObj(i -> "{\"productId\":%d,\"quantity\":%d}".formatted(first + i, random.nextInt(1, 4)))
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
    }

    /** A token per customer, valid longer than any run here. */
    private static List<Map<String, Object>> customers() {
        // Maven runs the simulation from the project root or from load-tests/, depending on how it was started.
        Path key = System.getProperty("signingKey") != null
                ? Path.of(System.getProperty("signingKey"))
                : Stream.of(Path.of(KEPT_KEY), Path.of("..").resolve(KEPT_KEY))
                        .filter(Files::isRegularFile)
                        .findFirst()
                        .orElse(Path.of(KEPT_KEY));
        if (!Files.isRegularFile(key)) {
            throw new IllegalStateException("no gateway signing key at " + key.toAbsolutePath()
                    + ": start Patternshop first (./patternshop up), or pass -DsigningKey=<its signing-key.json>");
        }
        try {
            return CustomerTokens.mint(key, CUSTOMERS, Duration.ofHours(1)).stream()
                    .<Map<String, Object>>map(token -> Map.of("token", token))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("could not sign customer tokens with " + key, e);
        }
    }
}
