package dev.patternshop.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * The first load run: every service's health through the gateway, at a constant arrival rate.
 * It measures what the edge costs before any feature does (routing, load balancing over two catalog and
 * two order instances) and fails when any request fails.
 *
 * <pre>./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.patternshop.loadtests.GatewayHealthSimulation</pre>
 */
public class GatewayHealthSimulation extends Simulation {

    private static final String GATEWAY = System.getProperty("gatewayUrl", "http://127.0.0.1:8080");
    private static final double USERS_PER_SECOND = Double.parseDouble(System.getProperty("usersPerSecond", "20"));
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("durationSeconds", 30));

    private final HttpProtocolBuilder protocol = http.baseUrl(GATEWAY).acceptHeader("application/json");

    private final ScenarioBuilder everyService = scenario("health of every service through the gateway")
            .exec(http("catalog").get("/api/catalog/actuator/health").check(status().is(200)))
            .exec(http("orders").get("/api/orders/actuator/health").check(status().is(200)))
            .exec(http("inventory").get("/api/inventory/actuator/health").check(status().is(200)))
            .exec(http("payments").get("/api/payments/actuator/health").check(status().is(200)))
            .exec(http("notifications")
                    .get("/api/notifications/actuator/health")
                    .check(status().is(200)));

    {
        setUp(everyService.injectOpen(constantUsersPerSec(USERS_PER_SECOND).during(DURATION)))
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }
}
