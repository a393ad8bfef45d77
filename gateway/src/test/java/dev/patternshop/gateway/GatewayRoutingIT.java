package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.patternshop.servicedefaults.ProblemJson;
import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.web.RawHttp;
import dev.patternshop.testsupport.web.ServiceFoundationContract;
import dev.patternshop.testsupport.web.TestHttpClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway routes /api/&lt;service&gt;/** to the service with the prefix stripped, spreads requests over
 * the instances it knows, hides the services' actuators except health, and answers its own errors as
 * problem+json; it keeps the foundation contract every service keeps, with its own tokens, and serves the docs UI
 * for every service's API description. Two WireMock servers stand in for two catalog instances, one for the order
 * service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(redis = true)
class GatewayRoutingIT extends ServiceFoundationContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final WireMockServer CATALOG_1 = WireMockBackends.started();
    static final WireMockServer CATALOG_2 = WireMockBackends.started();
    /** The order service's one instance, for what the docs read through its route. */
    static final WireMockServer ORDERS = WireMockBackends.started();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri", CATALOG_1::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[1].uri", CATALOG_2::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", ORDERS::baseUrl);
    }

    @AfterAll
    static void stopBackends() {
        CATALOG_1.stop();
        CATALOG_2.stop();
        ORDERS.stop();
    }

    /** The gateway trusts only tokens it signed: log in as the demo users. */
    @Override
    protected String customerToken() {
        return new EdgeClient(port).tokenFor(EdgeClient.ALICE);
    }

    @Override
    protected String adminToken() {
        return new EdgeClient(port).tokenFor(EdgeClient.ADMIN);
    }

    @Override
    protected String expiredToken() {
        return GatewayTokens.expired(EdgeClient.ALICE_ID, java.time.Duration.ofMinutes(5));
    }

    /** Forwarded to a catalog instance (WireMock answers 404) only for ADMIN. */
    @Override
    protected String adminOnlyPath() {
        return "/api/catalog/admin/no-such-resource";
    }

    /** The gateway's own operations, in its own description (the services' come through their routes). */
    @Override
    protected List<String> describedPaths() {
        return List.of("/auth/token", "/.well-known/jwks.json", "/api/storefront/products/{id}");
    }

    @Override
    protected boolean servedBehindTheGateway() {
        return false;
    }

    @BeforeEach
    void stubBackends() {
        ORDERS.resetAll();
        WireMockBackends.answerReadiness(ORDERS);
        ORDERS.stubFor(WireMock.get(urlEqualTo("/v3/api-docs"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"order-service\"}}")));
        for (WireMockServer backend : new WireMockServer[] {CATALOG_1, CATALOG_2}) {
            backend.resetAll();
            WireMockBackends.answerReadiness(backend);
            backend.stubFor(WireMock.get(urlEqualTo("/products/42"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"id\":42}")));
            backend.stubFor(WireMock.get(urlEqualTo("/actuator/health"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"status\":\"UP\"}")));
        }
    }

    @Test
    void routesApiPathToTheServiceWithThePrefixStripped() throws Exception {
        HttpResponse<String> response = get("/api/catalog/products/42");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":42}");
    }

    @Test
    void spreadsRequestsOverBothInstances() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(get("/api/catalog/products/42").statusCode()).isEqualTo(200);
        }

        int first = CATALOG_1
                .countRequestsMatching(
                        getRequestedFor(urlEqualTo("/products/42")).build())
                .getCount();
        int second = CATALOG_2
                .countRequestsMatching(
                        getRequestedFor(urlEqualTo("/products/42")).build())
                .getCount();
        assertThat(first + second).isEqualTo(10);
        assertThat(first).as("round robin gives each instance half").isEqualTo(5);
    }

    @Test
    void exposesAServicesHealthButNotItsOtherActuatorEndpoints() throws Exception {
        assertThat(get("/api/catalog/actuator/health").statusCode()).isEqualTo(200);

        HttpResponse<String> metrics = get("/api/catalog/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(404);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(metrics.body()).get("detail").asString())
                .as("the same answer as a path nothing serves")
                .isEqualTo(ProblemJson.NOT_FOUND_DETAIL);
        CATALOG_1.verify(0, getRequestedFor(urlEqualTo("/actuator/prometheus")));
        CATALOG_2.verify(0, getRequestedFor(urlEqualTo("/actuator/prometheus")));
    }

    @Test
    void theGatewaysOwnActuatorAnswersOnlyOnItsManagementPort() throws Exception {
        HttpResponse<String> onPublicPort = get("/actuator/prometheus");
        HttpResponse<String> onManagementPort = getFrom(managementPort, "/actuator/prometheus");

        assertThat(managementPort)
                .as("the management port is not the public one")
                .isNotEqualTo(port);
        assertThat(onPublicPort.statusCode()).isIn(401, 404);
        assertThat(onPublicPort.body()).doesNotContain("jvm_threads_live_threads");
        assertThat(onManagementPort.statusCode()).isEqualTo(200);
        assertThat(onManagementPort.body()).contains("jvm_threads_live_threads");
    }

    @Test
    void aProxiedRequestIsObservedOnceAndNotByEverySecurityStep() throws Exception {
        assertThat(get("/api/catalog/products/42").statusCode()).isEqualTo(200);

        String metrics = getFrom(managementPort, "/actuator/prometheus").body();

        assertThat(metrics).contains("http_server_requests_seconds_count");
        assertThat(metrics).doesNotContain("spring_security_");
    }

    @Test
    void everyResponseCarriesSecurityHeaders() throws Exception {
        HttpResponse<String> response = get("/api/catalog/products/42");

        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void oversizedBodyIsRefusedAtTheEdgeWith413() {
        // The head only: the edge answers a declared length over the limit before reading any of the body, and then
        // closes. A client still writing the body at that moment may see the close as a reset before it reads the
        // answer (the JDK client did, now and then): that is the client's race, not what this test is about.
        RawHttp.Answer answer = RawHttp.exactly(
                port,
                "POST /api/catalog/admin-free/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n",
                Duration.ofSeconds(60));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text().toLowerCase()).contains("content-type: application/problem+json");
        assertThat(WireMockBackends.forwarded(CATALOG_1)).isEmpty();
        assertThat(WireMockBackends.forwarded(CATALOG_2)).isEmpty();
    }

    @Test
    void browserOnLocalhostPassesTheCorsPreflight() throws Exception {
        HttpResponse<String> response = TestHttpClient.send(http().request(
                        "/api/catalog/products/42",
                        "Origin",
                        "http://localhost:5173",
                        "Access-Control-Request-Method",
                        "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
    }

    @Test
    void otherOriginsFailTheCorsPreflight() throws Exception {
        HttpResponse<String> response = TestHttpClient.send(http().request(
                        "/api/catalog/products/42",
                        "Origin",
                        "https://evil.example",
                        "Access-Control-Request-Method",
                        "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void servicesLearnTheAddressAndPrefixTheClientUsedButNotWhatAClientClaims() throws Exception {
        HttpResponse<String> response = new EdgeClient(port)
                .get("/api/catalog/products/42", "X-Forwarded-Host", "evil.example", "X-Forwarded-Prefix", "/evil");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        WireMockServer served = WireMockBackends.forwarded(CATALOG_1).isEmpty() ? CATALOG_2 : CATALOG_1;
        served.verify(getRequestedFor(urlEqualTo("/products/42"))
                .withHeader("X-Forwarded-Prefix", WireMock.equalTo("/api/catalog"))
                .withHeader("X-Forwarded-Host", WireMock.equalTo("127.0.0.1:" + port))
                .withHeader("X-Forwarded-Proto", WireMock.equalTo("http")));
    }

    @Test
    void serviceWithoutAnyInstanceAnswersProblemJsonServiceUnavailable() throws Exception {
        HttpResponse<String> response = get("/api/payments/anything", customerToken());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":503").doesNotContain("Exception");
    }

    @Test
    void pathWithAnEncodedControlCharacterIsRejectedAtTheEdge() throws Exception {
        HttpResponse<String> response = get("/api/catalog/products/4%002");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(WireMockBackends.forwarded(CATALOG_1)).isEmpty();
        assertThat(WireMockBackends.forwarded(CATALOG_2)).isEmpty();
    }

    @Test
    void docsUiIsServedWithoutATokenAndListsEveryServicesDescriptionThroughItsRoute() throws Exception {
        HttpResponse<String> docs = get("/docs");
        assertThat(docs.statusCode()).isEqualTo(302);
        String page =
                URI.create(docs.headers().firstValue("Location").orElseThrow()).getPath();
        assertThat(page).isEqualTo("/swagger-ui/index.html");

        HttpResponse<String> ui = get(page);
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(ui.body()).contains("swagger-ui-bundle.js");
        assertThat(ui.headers().firstValue("Content-Security-Policy"))
                .as("the page may run its own scripts, and only those")
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("*"));
        assertThat(ui.headers().firstValue("RateLimit-Limit"))
                .as("limited like any public read")
                .isPresent();
        assertThat(get("/swagger-ui/swagger-initializer.js").body()).contains("/v3/api-docs/swagger-config");

        HttpResponse<String> config = get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        Map<String, String> urls = new LinkedHashMap<>();
        JSON.readTree(config.body())
                .path("urls")
                .forEach(url ->
                        urls.put(url.path("name").asString(), url.path("url").asString()));
        assertThat(urls)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "catalog-service", "/api/catalog/v3/api-docs",
                        "order-service", "/api/orders/v3/api-docs",
                        "inventory-service", "/api/inventory/v3/api-docs",
                        "payment-service", "/api/payments/v3/api-docs",
                        "notification-service", "/api/notifications/v3/api-docs",
                        "gateway", "/v3/api-docs"));
        for (String route :
                List.of("/api/catalog/", "/api/orders/", "/api/inventory/", "/api/payments/", "/api/notifications/")) {
            assertThat(urls.values()).as("a description per route").anyMatch(url -> url.startsWith(route));
        }
    }

    /** Orders need a token for everything else; their description, read through the route, does not. */
    @Test
    void aServicesApiDescriptionIsReadThroughItsRouteWithoutATokenAndLimitedLikeOtherReads() throws Exception {
        HttpResponse<String> response = get("/api/orders/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"openapi\"");
        assertThat(response.headers().firstValue("RateLimit-Limit")).isPresent();
        ORDERS.verify(getRequestedFor(urlEqualTo("/v3/api-docs"))
                .withHeader("X-Forwarded-Prefix", WireMock.equalTo("/api/orders")));
        assertThat(get("/api/orders/orders").statusCode()).isEqualTo(401);
    }

    @Test
    void theDocsOpenOnlyReadsOfTheDescriptions() throws Exception {
        assertThat(get("/api/orders/v3/other").statusCode()).isEqualTo(401);
        assertThat(TestHttpClient.send(http().request("/api/catalog/v3/api-docs")
                                .POST(HttpRequest.BodyPublishers.ofString("{}")))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/swagger-other/index.html").statusCode()).isEqualTo(401);
        assertThat(WireMockBackends.forwarded(CATALOG_1)).isEmpty();
        assertThat(WireMockBackends.forwarded(CATALOG_2)).isEmpty();
        assertThat(WireMockBackends.forwarded(ORDERS)).isEmpty();
    }
}
