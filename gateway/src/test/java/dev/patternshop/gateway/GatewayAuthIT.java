package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.patternshop.servicedefaults.security.TokenContract;
import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.security.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authentication offloaded to the edge: demo users trade a password for an RS256 token, the JWKS publishes
 * its key, and the gateway refuses missing, expired and forged tokens (401) and missing roles (403)
 * before a service is called. Identity headers sent by clients never reach a service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(redis = true)
class GatewayAuthIT {

    static final WireMockServer ORDERS = WireMockBackends.started();
    static final WireMockServer CATALOG = WireMockBackends.started();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", ORDERS::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri", CATALOG::baseUrl);
    }

    @AfterAll
    static void stopBackends() {
        ORDERS.stop();
        CATALOG.stop();
    }

    @Value("${local.server.port}")
    int port;

    EdgeClient edge;

    @BeforeEach
    void stubs() {
        edge = new EdgeClient(port);
        for (WireMockServer backend : new WireMockServer[] {ORDERS, CATALOG}) {
            backend.resetAll();
            WireMockBackends.answerReadiness(backend);
            backend.stubFor(WireMock.any(urlPathMatching("/(orders|products|admin)(/.*)?"))
                    .willReturn(aResponse().withStatus(200).withBody("{}")));
        }
    }

    @Test
    void demoUserGetsAnRs256TokenWhoseSubjectIsTheCustomerId() {
        HttpResponse<String> response =
                edge.post("/auth/token", "{\"username\":\"alice\",\"password\":\"alice-pass\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(900);
        String token = body.get("access_token").asString();
        JsonNode header = part(token, 0);
        JsonNode claims = part(token, 1);
        assertThat(header.get("alg").asString()).isEqualTo("RS256");
        assertThat(claims.get("sub").asString()).isEqualTo(EdgeClient.ALICE_ID);
        assertThat(claims.get("iss").asString()).isEqualTo(TokenContract.ISSUER);
        assertThat(claims.get("aud").toString()).contains(TokenContract.AUDIENCE);
        assertThat(claims.get("roles").toString()).isEqualTo("[\"CUSTOMER\"]");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);

        JsonNode jwks = JSON.readTree(edge.get("/.well-known/jwks.json").body());
        assertThat(jwks.get("keys")).hasSize(1);
        JsonNode key = jwks.get("keys").get(0);
        assertThat(key.get("kty").asString()).isEqualTo("RSA");
        assertThat(key.get("kid").asString()).isEqualTo(header.get("kid").asString());
        assertThat(key.has("d")).as("the private exponent is never published").isFalse();
    }

    @Test
    void htmlFormLoginWorksToo() {
        HttpResponse<String> response = EdgeClient.send(edge.request("/auth/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=bob&password=bob-pass")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("access_token");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        HttpResponse<String> wrong = edge.post("/auth/token", "{\"username\":\"alice\",\"password\":\"nope\"}");
        HttpResponse<String> unknown = edge.post("/auth/token", "{\"username\":\"mallory\",\"password\":\"nope\"}");
        HttpResponse<String> missing = edge.post("/auth/token", "{\"username\":\"alice\"}");
        HttpResponse<String> malformed = edge.post("/auth/token", "{\"username\":");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unknown.body()).get("detail"))
                .isEqualTo(JSON.readTree(wrong.body()).get("detail"));
        assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void protectedRouteRefusesMissingExpiredAndForgedTokensBeforeTheService() {
        String valid = edge.tokenFor(EdgeClient.ALICE);
        int dot = valid.lastIndexOf('.');
        int middle = dot + (valid.length() - dot) / 2;
        String forged =
                valid.substring(0, middle) + (valid.charAt(middle) == 'A' ? 'B' : 'A') + valid.substring(middle + 1);
        String otherKey = TestTokens.shared().customer(EdgeClient.ALICE_ID);
        String expired = GatewayTokens.expired(EdgeClient.ALICE_ID, Duration.ofMinutes(2));

        HttpResponse<String> none = edge.get("/api/orders/orders");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        for (String token : new String[] {expired, forged, otherKey, "abc.def.ghi"}) {
            HttpResponse<String> refused = edge.get("/api/orders/orders", "Authorization", EdgeClient.bearer(token));
            assertThat(refused.statusCode()).as(token).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
            assertThat(refused.body())
                    .contains("\"status\":401")
                    .doesNotContain("expired")
                    .doesNotContain("signature");
        }
        assertThat(WireMockBackends.forwarded(ORDERS))
                .as("no refused request reached the service")
                .isEmpty();

        HttpResponse<String> accepted = edge.get("/api/orders/orders", "Authorization", EdgeClient.bearer(valid));
        assertThat(accepted.statusCode()).isEqualTo(200);
        ORDERS.verify(
                1,
                anyRequestedFor(urlPathMatching("/orders"))
                        .withHeader("Authorization", equalTo(EdgeClient.bearer(valid))));
    }

    @Test
    void adminPathsNeedTheAdminRole() {
        String customer = EdgeClient.bearer(edge.tokenFor(EdgeClient.ALICE));
        String admin = EdgeClient.bearer(edge.tokenFor(EdgeClient.ADMIN));

        assertThat(edge.get("/api/catalog/admin/products").statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = edge.post("/api/catalog/admin/products", "{}", "Authorization", customer);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(WireMockBackends.forwarded(CATALOG)).isEmpty();

        assertThat(edge.post("/api/catalog/admin/products", "{}", "Authorization", admin)
                        .statusCode())
                .isEqualTo(200);
        CATALOG.verify(1, WireMock.postRequestedFor(urlPathMatching("/admin/products")));
    }

    @Test
    void browsingTheCatalogNeedsNoTokenButChangingThingsDoes() {
        assertThat(edge.get("/api/catalog/products/1").statusCode()).isEqualTo(200);
        assertThat(edge.post("/api/catalog/products", "{}").statusCode()).isEqualTo(401);
        assertThat(edge.post("/api/orders/orders", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void identityHeadersFromClientsNeverReachAService() {
        String alice = EdgeClient.bearer(edge.tokenFor(EdgeClient.ALICE));

        HttpResponse<String> response = edge.get(
                "/api/orders/orders",
                "Authorization",
                alice,
                "X-User-Id",
                "victim",
                "X-Customer-Id",
                "victim",
                "x-user-roles",
                "ADMIN",
                "X-Forwarded-User",
                "victim",
                "X-Auth-Request-User",
                "victim",
                "X-Roles",
                "ADMIN",
                "X-Request-Note",
                "kept");

        assertThat(response.statusCode()).isEqualTo(200);
        ORDERS.verify(
                1,
                anyRequestedFor(urlPathMatching("/orders"))
                        .withHeader("Authorization", equalTo(alice))
                        .withHeader("X-User-Id", absent())
                        .withHeader("X-Customer-Id", absent())
                        .withHeader("X-User-Roles", absent())
                        .withHeader("X-Forwarded-User", absent())
                        .withHeader("X-Auth-Request-User", absent())
                        .withHeader("X-Roles", absent())
                        .withHeader("X-Request-Note", equalTo("kept")));
    }

    private static JsonNode part(String jwt, int index) {
        return JSON.readTree(
                new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8));
    }
}
