package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.patternshop.gateway.routing.CanonicalPath;
import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.web.RawHttp;
import dev.patternshop.testsupport.web.RawHttp.Answer;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every path rule at the edge decides on the path the router and the service will read, whatever its spelling:
 * encoded letters, case, trailing and doubled slashes, path parameters, dot segments. Before, a percent-encoded
 * letter stepped around the login limit and the block on the services' internal endpoints. Requests are sent
 * byte for byte as written (no client normalizes them first).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // Drained logins come back one an hour: what follows the drain cannot depend on how fast bcrypt ran.
            "gateway.rate-limit.login.replenish=1",
            "gateway.rate-limit.login.period=1h"
        })
@RealInfrastructure(redis = true)
class EdgePathSpellingsIT {

    static final WireMockServer BACKEND = WireMockBackends.started();
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri", BACKEND::baseUrl);
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop();
    }

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void stubs() {
        BACKEND.resetAll();
        WireMockBackends.answerReadiness(BACKEND);
        // Whatever reaches the backend answers 200 with "leaked": a rule that let it through shows at once.
        BACKEND.stubFor(WireMock.any(urlPathMatching("/.*"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(200).withBody("leaked")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/catalog/actuator/prometheus",
                "/api/catalog/%61ctuator/prometheus",
                "/api/catalog/%41ctuator/prometheus",
                "/api/catalog/actuator/%70rometheus",
                "/api/%63atalog/actuator/env",
                "/api/catalog/ACTUATOR/prometheus",
                "/api/catalog/Actuator/Metrics",
                "/api/catalog/actuator/prometheus/",
                "/api/catalog/actuator;x=1/prometheus",
                "/api/catalog/actuator/prometheus;jsessionid=1",
                "/api/catalog//actuator/prometheus",
                "/api/catalog/actuator//prometheus",
                "/api//catalog/actuator/prometheus",
                "/api/catalog/./actuator/prometheus",
                "/api/catalog/x/../actuator/prometheus",
                "/api/catalog/%2e%2e/catalog/actuator/prometheus",
                "/api/catalog/actuator%2fprometheus",
                "/api/catalog/actuator%5cprometheus",
                "/api/catalog/actuator/prometheus%00",
                "/api/catalog/%2561ctuator/env"
            })
    void noSpellingOfAServicesInternalEndpointReachesTheService(String path) {
        Answer answer = get(path, "");

        assertThat(answer.status()).as(path).isIn(400, 404);
        assertThat(answer.text()).as(path).contains("application/problem+json").doesNotContain("leaked");
        assertThat(WireMockBackends.forwarded(BACKEND))
                .as(path)
                .noneMatch(event ->
                        event.getRequest().getUrl().toLowerCase(Locale.ROOT).contains("ctuator"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/catalog/actuator/health",
                "/api/catalog/%61ctuator/health",
                "/api/catalog//actuator/health/readiness"
            })
    void healthStaysReachableInEverySpelling(String path) {
        BACKEND.stubFor(
                WireMock.get(urlPathMatching("/actuator/health.*")).willReturn(WireMock.okJson("{\"status\":\"UP\"}")));

        assertThat(get(path, "").status()).as(path).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/catalog/%61dmin/products",
                "/api/catalog/ADMIN/products",
                "/api/catalog//admin/products",
                "/api/catalog/Admin",
                "/api/%63atalog/admin/products",
                "/api/catalog/admin;x=1/products"
            })
    void noSpellingOfAnAdminPathGetsPastTheRoleCheck(String path) {
        String alice = GatewayTokens.valid(EdgeClient.ALICE, EdgeClient.ALICE_ID);

        Answer answer = get(path, "Authorization: Bearer " + alice + "\r\n");

        assertThat(answer.status()).as(path).isIn(400, 403);
        assertThat(WireMockBackends.forwarded(BACKEND)).as(path).isEmpty();
    }

    @Test
    void noSpellingOfTheLoginPathStepsAroundTheLoginLimit() {
        // Drain this address's login bucket (10 at once) on the plain path; "nobody" is no account, so no lockout.
        for (int i = 0; i < 10; i++) {
            assertThat(login("/auth/token").status()).isEqualTo(401);
        }
        for (String path : new String[] {
            "/auth/token",
            "/auth/%74oken",
            "/%61uth/token",
            "/auth/%74%6F%6B%65%6E",
            "//auth/token",
            "/auth//token",
            "/auth/./token",
            "/AUTH/TOKEN",
            "/auth/Token",
            "/auth/token/",
            "/auth/token;x=1",
            "/x/../auth/token"
        }) {
            Answer answer = login(path);
            assertThat(answer.status()).as(path).isNotEqualTo(200);
            assertThat(answer.text())
                    .as(path + ": limited, or not the login at all; never a password check")
                    .contains("application/problem+json")
                    .doesNotContain("invalid-credentials");
        }
    }

    @Test
    void theCanonicalSpellingDecodesUnreservedLettersAndCollapsesSlashes() {
        assertThat(CanonicalPath.of("/api/%63atalog//products/%34%32")).hasValue("/api/catalog/products/42");
        assertThat(CanonicalPath.of("/api/catalog/search/a%2bb%e2%82%ac"))
                .hasValue("/api/catalog/search/a%2Bb%E2%82%AC");
        assertThat(CanonicalPath.of("/api/catalog/%2e%2e/orders")).isEmpty();
        assertThat(CanonicalPath.of("/api/catalog/%zz")).isEmpty();
        assertThat(CanonicalPath.of("/api/catalog/search/caf%C3%A9")).hasValue("/api/catalog/search/caf%C3%A9");
        assertThat(CanonicalPath.of("/api/catalog/a%2Fb")).isEmpty();
        assertThat(CanonicalPath.of("/api/catalog/products;v=1")).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "/api/catalog/products/%C3, a lone lead byte",
        "/api/catalog/products/%E0%80, a truncated sequence",
        "/api/catalog/products/%C0%AF, an overlong slash",
        "/api/catalog/products/%ED%A0%80, a surrogate"
    })
    void escapedBytesThatAreNotUtf8HaveNoCanonicalSpelling(String path, String what) {
        assertThat(CanonicalPath.of(path)).as(what).isEmpty();
    }

    /**
     * Targets that are not URIs (Spring answers them with an empty 400 before any filter runs) and escapes that
     * are not UTF-8 (each server behind reads them its own way): a problem+json 400 from the edge, nothing forwarded.
     */
    @ParameterizedTest(name = "GET {0} is a problem+json 400 from the edge")
    @ValueSource(
            strings = {
                "/api/catalog/products/%",
                "/api/catalog/products/%zz",
                "/api/catalog/products/1?q=%",
                "/api/catalog/products/1?q=%G1",
                "/api/catalog/products/%C3",
                "/api/catalog/products/%E0%80",
                "/api/catalog/products/%C0%AF"
            })
    void aTargetThatIsNotAUriOrNotUtf8IsAProblemJsonBadRequestAndReachesNoService(String target) {
        Answer answer = get(target, "");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text().toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer.text()).contains("\"status\":400").doesNotContain("<html");
        assertThat(WireMockBackends.forwarded(BACKEND)).isEmpty();
    }

    /**
     * What Netty's decoder refuses never reaches a filter either, and what Spring Security's firewall refuses got an
     * empty body: the same problem+json as every other bad input, nothing forwarded.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsThatAreNotHttp")
    void aRequestTheHttpDecoderRefusesIsAProblemJsonAndReachesNoService(String name, String request, int status) {
        Answer answer = RawHttp.exactly(port, request, ANSWER_WITHIN);

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.text().toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer.text()).contains("\"status\":" + status);
        assertThat(WireMockBackends.forwarded(BACKEND)).isEmpty();
    }

    static Stream<Arguments> requestsThatAreNotHttp() {
        String get = "GET /api/catalog/products/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        String close = "Connection: close\r\n\r\n";
        return Stream.of(
                Arguments.of("a control character in a header", get + "X-Note: a\u0001b\r\n" + close, 400),
                Arguments.of("a control character in a token", get + "Authorization: Bearer \u0001\r\n" + close, 400),
                Arguments.of(
                        "two Content-Lengths",
                        get + "Content-Length: 5\r\nContent-Length: 6\r\n" + close + "hello",
                        400),
                Arguments.of(
                        "Content-Length and Transfer-Encoding",
                        get + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n" + close + "0\r\n\r\n",
                        400),
                Arguments.of("not HTTP at all", "GARBAGE\r\n\r\n", 400),
                Arguments.of(
                        "a method the edge does not serve",
                        "BREW /api/catalog/products/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + close,
                        400),
                Arguments.of("a header over the limit", get + "X-Long: " + "a".repeat(20_000) + "\r\n" + close, 431),
                Arguments.of(
                        "a request line over the limit",
                        "GET /api/catalog/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + close,
                        414));
    }

    @Test
    void aRequestAfterAMalformedOneOnAnotherConnectionIsServed() {
        BACKEND.stubFor(WireMock.get("/products/42").willReturn(WireMock.okJson("{\"id\":42}")));
        assertThat(get("/api/catalog/products/%", "").status()).isEqualTo(400);

        Answer answer = get("/api/catalog/products/42", "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).contains("{\"id\":42}");
    }

    /**
     * A client that pipelines a good request and then a malformed one gets both answers, in order: the first one whole,
     * then the 400, then the close. (The 400 used to go out at once and the close cut the first answer.) The backend
     * answers late so that the malformed request arrives while the first is in flight.
     */
    @Test
    void aMalformedRequestPipelinedAfterAGoodOneIsAnsweredAfterItInOrder() {
        BACKEND.stubFor(WireMock.get("/products/42")
                .willReturn(WireMock.okJson("{\"id\":42}").withFixedDelay(500)));
        String good = "GET /api/catalog/products/42 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String malformed = "GET /api/catalog/products/% HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String third = "GET /api/catalog/products/42 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        String answers = RawHttp.pipelined(port, good + malformed + third, ANSWER_WITHIN);

        assertThat(answers).startsWith("HTTP/1.1 200");
        int refusal = answers.indexOf("HTTP/1.1 400");
        assertThat(refusal).as(answers).isPositive();
        assertThat(answers.substring(0, refusal)).contains("{\"id\":42}");
        assertThat(answers.substring(refusal))
                .contains("application/problem+json")
                .doesNotContain("HTTP/1.1 200");
        assertThat(WireMockBackends.forwarded(BACKEND)).hasSize(1);
    }

    @Test
    void anEncodedLetterInAnOrdinaryPathStillReachesItsResource() {
        BACKEND.stubFor(WireMock.get("/products/42").willReturn(WireMock.okJson("{\"id\":42}")));

        Answer answer = get("/api/catalog/%70roducts/42", "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).contains("{\"id\":42}");
    }

    private Answer get(String path, String headers) {
        return RawHttp.exactly(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n",
                ANSWER_WITHIN);
    }

    private Answer login(String path) {
        String form = "username=nobody&password=guess";
        return RawHttp.exactly(
                port,
                "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                        + "\r\nConnection: close\r\n\r\n" + form,
                ANSWER_WITHIN);
    }
}
