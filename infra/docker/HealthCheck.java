import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The image's HEALTHCHECK: the JRE image has neither curl nor wget, so the check is a JDK HTTP client asking the
 * service's actuator for its readiness. Exit 0 when ready, 1 otherwise. The port is the actuator's
 * (MANAGEMENT_SERVER_PORT, the gateway's) or the service's (SERVER_PORT), the same variables Spring reads.
 */
public final class HealthCheck {

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault(
                "MANAGEMENT_SERVER_PORT", System.getenv().getOrDefault("SERVER_PORT", "8080"));
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            System.exit(response.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.err.println(readiness + ": " + e);
            System.exit(1);
        }
    }
}
