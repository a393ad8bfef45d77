package dev.patternshop.testsupport.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.servicedefaults.ProblemJson;
import dev.patternshop.testsupport.security.TestTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every Patternshop service promises before it has any feature: health probes for an orchestrator,
 * a Prometheus endpoint tagged with the service's name, problem+json for a request it cannot serve, and
 * its own check of the caller's token (401 without a valid one, 403 for admin paths without ADMIN), and a public
 * description of its API ({@code /v3/api-docs}) that says truthfully which operations need the token.
 * A service's {@code *FoundationIT} extends this with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ServiceFoundationContract {

    private static final String API_DOCS = "/v3/api-docs";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    protected int port;

    /** Where the actuator answers: the service's port, or its own management port when it has one (the gateway). */
    @Value("${local.management.port:${local.server.port}}")
    protected int managementPort;

    @Value("${spring.application.name}")
    String applicationName;

    @Test
    void livenessAndReadinessProbesReportUp() throws Exception {
        for (String probe :
                new String[] {"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health"}) {
            HttpResponse<String> response = getFrom(managementPort, probe);
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(response.body()).as(probe).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void prometheusEndpointExposesMetricsTaggedWithTheServiceName() throws Exception {
        HttpResponse<String> response = getFrom(managementPort, "/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("jvm_threads_live_threads")
                .contains("application=\"" + applicationName + "\"");
    }

    @Test
    void unknownPathAnswersProblemJsonNotFoundWithADetailThatDoesNotRepeatThePath() throws Exception {
        HttpResponse<String> response = get("/no-such-resource/%3Cmarker%3E", customerToken());

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response, 404);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).isEqualTo(ProblemJson.NOT_FOUND_DETAIL);
    }

    @Test
    void requestWithoutTokenIsRefusedWithProblemJson401() throws Exception {
        HttpResponse<String> response = get("/no-such-resource");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertProblem(response, 401);
    }

    @Test
    void expiredOrForgedTokensAreRefusedLikeMissingOnes() throws Exception {
        String valid = customerToken();
        int middle = valid.lastIndexOf('.') + (valid.length() - valid.lastIndexOf('.')) / 2;
        String tampered =
                valid.substring(0, middle) + (valid.charAt(middle) == 'A' ? 'B' : 'A') + valid.substring(middle + 1);

        for (String token :
                List.of(expiredToken(), TestTokens.shared().signedByStranger("c-1"), tampered, "not-a-jwt")) {
            HttpResponse<String> response = get("/no-such-resource", token);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .as(token)
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
            assertProblem(response, 401);
        }
    }

    @Test
    void adminPathsNeedTheAdminRole() throws Exception {
        HttpResponse<String> response = get(adminOnlyPath(), customerToken());

        assertThat(response.statusCode()).isEqualTo(403);
        assertProblem(response, 403);
        assertThat(get(adminOnlyPath(), adminToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void apiDescriptionIsPublicAndNamesTheServiceItsBearerTokenAndItsMainPaths() throws Exception {
        HttpResponse<String> response = get(API_DOCS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode api = JSON.readTree(response.body());
        assertThat(api.path("openapi").asString()).startsWith("3.");
        assertThat(api.path("info").path("title").asString()).isEqualTo(applicationName);
        assertThat(api.path("info").path("version").asString()).isNotBlank();
        JsonNode bearer = api.path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asString()).isEqualTo("http");
        assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
        assertThat(bearer.path("bearerFormat").asString()).isEqualTo("JWT");
        assertThat(api.path("security").path(0).has("bearer"))
                .as("the token is required unless an operation says otherwise")
                .isTrue();
        assertThat(api.path("components").path("schemas").has("Problem")).isTrue();
        List<String> paths = new ArrayList<>(api.path("paths").propertyNames());
        assertThat(paths).containsAll(describedPaths());
    }

    /**
     * Opening the description opened nothing else: what it marks as needing the token answers 401 without one,
     * what it marks public does not, and a neighbour of the description's own path is still protected.
     */
    @Test
    void operationsTheApiDescriptionMarksProtectedRefuseACallWithoutToken() throws Exception {
        JsonNode api = JSON.readTree(get(API_DOCS).body());
        int checked = 0;
        for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
            JsonNode read = path.getValue().path("get");
            if (read.isMissingNode()) {
                continue;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "1");
            boolean open = read.has("security") && read.path("security").isEmpty();
            int status = get(concrete).statusCode();
            if (open) {
                assertThat(status)
                        .as("GET " + concrete + " is described as public")
                        .isNotEqualTo(401);
            } else {
                assertThat(status)
                        .as("GET " + concrete + " is described as needing a token")
                        .isEqualTo(401);
            }
            checked++;
        }
        assertThat(checked).as("GET operations described").isPositive();
        assertThat(get("/v3/no-such-resource").statusCode()).isEqualTo(401);
    }

    /**
     * Behind the gateway, the description advertises the gateway's path to the service as its server (from the
     * X-Forwarded-* headers the gateway sends), so "Try it out" in the gateway's docs UI goes through the gateway.
     */
    @Test
    void apiDescriptionAdvertisesTheGatewayPathItWasFetchedThrough() throws Exception {
        Assumptions.assumeTrue(servedBehindTheGateway(), "the gateway itself is not behind a gateway");
        HttpResponse<String> response = http().get(
                        API_DOCS,
                        "X-Forwarded-Host",
                        "gateway.example:8080",
                        "X-Forwarded-Proto",
                        "http",
                        "X-Forwarded-Prefix",
                        "/api/some-service");

        JsonNode api = JSON.readTree(response.body());
        assertThat(api.path("servers").path(0).path("url").asString())
                .isEqualTo("http://gateway.example:8080/api/some-service");
    }

    /** Paths (as the description spells them, e.g. {@code /products/{id}}) the API description must list. */
    protected abstract List<String> describedPaths();

    /** Services are reached through the gateway's routes; the gateway overrides this. */
    protected boolean servedBehindTheGateway() {
        return true;
    }

    /** A valid token of a customer; services trust {@link TestTokens}, the gateway its own key. */
    protected String customerToken() {
        return TestTokens.shared().customer("c-1");
    }

    protected String adminToken() {
        return TestTokens.shared().admin("ops-1");
    }

    /** Signed by the trusted key, expired five minutes ago. */
    protected String expiredToken() {
        return TestTokens.shared().expired("c-1", Duration.ofMinutes(5));
    }

    /** A path nothing serves, which only ADMIN may ask for. */
    protected String adminOnlyPath() {
        return "/admin/no-such-resource";
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status);
    }

    /** The service's public port. */
    protected TestHttpClient http() {
        return TestHttpClient.onPort(port);
    }

    protected HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http().get(path, "Authorization", TestTokens.bearer(token));
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return getFrom(port, path);
    }

    protected static HttpResponse<String> getFrom(int port, String path) throws IOException, InterruptedException {
        return TestHttpClient.onPort(port).get(path);
    }
}
