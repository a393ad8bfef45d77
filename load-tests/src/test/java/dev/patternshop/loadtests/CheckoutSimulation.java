package dev.patternshop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The checkout saga as customers see it, through the gateway: place an order (202 + Location), then poll the
 * Location until the order is CONFIRMED or CANCELLED, waiting between polls as long as the pending answer's
 * {@code Retry-After} asks (one second when it sends none), at most {@code maxPolls} times. An order must end
 * CONFIRMED: products 1000-9000 have ample stock, one unit a line, totals far under the provider's refusal limit,
 * and the minted customers are not the declined demo customer. A warm-up ramps up over {@code rampSeconds}
 * (reported, not judged), then {@code usersPerSecond} for {@code durationSeconds}; the run fails on any failed
 * request, an order CANCELLED or still pending after the polls. How long the saga takes is measured by
 * bin/saga-benchmark.sh (from the order's row, not rounded up to whole Retry-After seconds as polling is).
 *
 * <pre>./mvnw -pl load-tests test-compile gatling:test -Dgatling.simulationClass=dev.patternshop.loadtests.CheckoutSimulation -DusersPerSecond=10</pre>
 */
public class CheckoutSimulation extends Simulation {

    private static final String GATEWAY = System.getProperty("gatewayUrl", "http://127.0.0.1:8080");
    private static final double USERS_PER_SECOND = Double.parseDouble(System.getProperty("usersPerSecond", "10"));
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("durationSeconds", 30));
    private static final Duration RAMP = Duration.ofSeconds(Long.getLong("rampSeconds", 20));
    private static final int CUSTOMERS = Integer.getInteger("customers", 1_000);
    private static final int MAX_POLLS = Integer.getInteger("maxPolls", 30);
    private static final String KEPT_KEY = ".patternshop/data/gateway/signing-key.json";
    /** Ample stock, none of the five scarce products (13, 77, 404, 777, 9001). */
    private static final long FIRST_PRODUCT = 1_000;

    private static final long LAST_PRODUCT = 9_000;

    private final HttpProtocolBuilder protocol = http.baseUrl(GATEWAY).acceptHeader("application/json");

    private final ChainBuilder checkout = feed(listFeeder(customers()).random())
            .exec(session -> session.set("key", UUID.randomUUID().toString())
                    .set("order", randomOrder())
                    .set("status", "PENDING")
                    .set("retryAfter", "1")
                    .set("polls", 0))
            .exec(http("place order")
                    .post("/api/orders/orders")
                    .header("Authorization", "Bearer #{token}")
                    .header("Idempotency-Key", "#{key}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("#{order}"))
                    .check(
                            status().is(202),
                            header("Location").saveAs("location"),
                            header("Consistency-Token").saveAs("consistency")))
            .exitHereIfFailed()
            .asLongAs(session -> !ended(session) && session.getInt("polls") < MAX_POLLS)
            .on(pause(CheckoutSimulation::retryAfter)
                    .exec(http("poll until ended")
                            .get("#{location}")
                            .header("Authorization", "Bearer #{token}")
                            .header("Consistency-Token", "#{consistency}")
                            .check(
                                    status().is(200),
                                    jsonPath("$.status").saveAs("status"),
                                    header("Retry-After").optional().saveAs("retryAfter")))
                    .exec(session -> session.set("polls", session.getInt("polls") + 1)))
            // The order's last answer, judged: CONFIRMED is the only right end of these orders.
            .exec(http("ended CONFIRMED")
                    .get("#{location}")
                    .header("Authorization", "Bearer #{token}")
                    .header("Consistency-Token", "#{consistency}")
                    .check(status().is(200), jsonPath("$.status").is("CONFIRMED")));

    {
        ScenarioBuilder warmUp = scenario("warm-up").group("warm-up").on(checkout);
        ScenarioBuilder measured = scenario("checkout").group("checkout").on(checkout);
        setUp(warmUp.injectOpen(rampUsersPerSec(1).to(USERS_PER_SECOND).during(RAMP))
                        .andThen(measured.injectOpen(
                                constantUsersPerSec(USERS_PER_SECOND).during(DURATION))))
                .protocols(protocol)
                .assertions(details("checkout").failedRequests().count().is(0L));
    }

    private static boolean ended(Session session) {
        String status = session.getString("status");
        return "CONFIRMED".equals(status) || "CANCELLED".equals(status);
    }

    /** Retry-After in seconds, as the pending answer sent it (one when absent or not a number). */
    private static Duration retryAfter(Session session) {
        try {
            return Duration.ofSeconds(
                    Math.max(0, Long.parseLong(session.getString("retryAfter").trim())));
        } catch (RuntimeException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static String randomOrder() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        TreeSet<Long> products = new TreeSet<>();
        int lines = random.nextInt(1, 4);
        while (products.size() < lines) {
            products.add(random.nextLong(FIRST_PRODUCT, LAST_PRODUCT + 1));
        }
        return products.stream()
                .map(product -> "{\"productId\":%d,\"quantity\":1}".formatted(product))
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
    }

    /** A token per customer, valid longer than any run here (as in PlaceOrderSimulation). */
    private static List<Map<String, Object>> customers() {
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
