package dev.patternshop.testsupport.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.testsupport.security.TestTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * What every Patternshop service promises before it has any feature: health probes for an orchestrator,
 * a Prometheus endpoint tagged with the service's name, problem+json for a request it cannot serve, and
 * its own check of the caller's token (401 without a valid one, 403 for admin paths without ADMIN).
 * A service's {@code *FoundationIT} extends this with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ServiceFoundationContract {

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
    void unknownPathAnswersProblemJsonNotFound() throws Exception {
        HttpResponse<String> response = get("/no-such-resource", customerToken());

        assertThat(response.statusCode()).isEqualTo(404);
        assertProblem(response, 404);
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
