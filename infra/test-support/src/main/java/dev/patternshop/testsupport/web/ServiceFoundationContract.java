package dev.patternshop.testsupport.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * What every Patternshop service promises before it has any feature: health probes for an orchestrator,
 * a Prometheus endpoint tagged with the service's name, and problem+json for a request it cannot serve.
 * A service's {@code *FoundationIT} extends this with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ServiceFoundationContract {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    protected int port;

    @Value("${spring.application.name}")
    String applicationName;

    @Test
    void livenessAndReadinessProbesReportUp() throws Exception {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health"}) {
            HttpResponse<String> response = get(probe);
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(response.body()).as(probe).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void prometheusEndpointExposesMetricsTaggedWithTheServiceName() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_threads_live_threads")
                .contains("application=\"" + applicationName + "\"");
    }

    @Test
    void unknownPathAnswersProblemJsonNotFound() throws Exception {
        HttpResponse<String> response = get("/no-such-resource");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":404");
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
