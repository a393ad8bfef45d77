package dev.patternshop.servicedefaults.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request through a service's security (the resource server every service gets from service-defaults) is observed
 * once, as {@code http.server.requests}, and not again by each step of Spring Security's filter chain.
 */
@SpringBootTest(
        classes = SecurityObservationsTest.Service.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "patternshop.security.jwk-set-uri=http://127.0.0.1:9/jwks",
            "patternshop.security.public-read-paths=/public"
        })
class SecurityObservationsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void requestsAreObservedOnceAndNotByEverySecurityStep() throws Exception {
        assertThat(get("/public").statusCode()).isEqualTo(200);
        assertThat(get("/private").statusCode()).isEqualTo(401);

        List<String> names = meters.getMeters().stream()
                .map(meter -> meter.getId().getName())
                .distinct()
                .toList();
        assertThat(meters.find("http.server.requests").timers())
                .as("the request itself is observed")
                .isNotEmpty();
        assertThat(names).noneMatch(name -> name.startsWith("spring.security"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootApplication
    @RestController
    static class Service {

        @GetMapping({"/public", "/private"})
        String answer() {
            return "ok";
        }
    }
}
