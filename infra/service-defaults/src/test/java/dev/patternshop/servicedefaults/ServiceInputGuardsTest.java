package dev.patternshop.servicedefaults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What every service refuses before its own code runs, on a real Tomcat: bodies over the limit whatever their
 * framing, control characters in query strings and JSON strings, and values the database refuses as data.
 * Each is a 4xx problem+json; none reaches the handler.
 */
@SpringBootTest(
        classes = ServiceInputGuardsTest.Service.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "patternshop.http.max-request-body=1KB",
            "patternshop.security.jwk-set-uri=http://127.0.0.1:9/jwks"
        })
class ServiceInputGuardsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int LIMIT = 1024;

    @Value("${local.server.port}")
    int port;

    @Test
    void aChunkedBodyOverTheLimitIs413EvenWhenItIsNotJson() throws Exception {
        // 2 MB of something that is not JSON, without a Content-Length: the parser alone would say 400 at byte 1.
        HttpResponse<String> response = post("/echo", () -> repeat("x", 2 * 1024 * 1024));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload-too-large");
        assertThat(Service.HANDLED.get()).isZero();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsReadAsUsual() throws Exception {
        HttpResponse<String> response = post("/echo", () -> stream("{\"name\":\"lamp\",\"attributes\":{\"a\":\"b\"}}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"name\":\"lamp\"");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url("/echo"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(LIMIT) + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\":\"a\\u0000b\"}",
                "{\"attributes\":{\"colour\":\"red\\u0007\"}}",
                "{\"tags\":[\"ok\",\"\\u001b[31m\"]}",
                "{\"name\":\"\\u007f\"}",
                "{\"name\":\"next\\u0085line\"}"
            })
    void aJsonStringWithAControlCharacterIs400NamingTheField(String body) throws Exception {
        HttpResponse<String> response = post("/echo", () -> stream(body));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("malformed-body").contains("control character");
        assertThat(Service.HANDLED.get()).isZero();
    }

    @Test
    void textWithTabsAndNewlinesIsStillText() throws Exception {
        HttpResponse<String> response = post("/echo", () -> stream("{\"name\":\"two\\nlines\\tand a tab\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/search?q=a%00b",
                "/search?q=%0d%0aSet-Cookie:x",
                "/search?q=%7f",
                "/search?q%00=x",
                "/search?q=%E0%80",
                "/search?q=%C3"
            })
    void aQueryStringWithAControlCharacterOrBrokenEncodingIs400(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("invalid-characters");
        assertThat(Service.HANDLED.get()).isZero();
    }

    @Test
    void anOrdinaryQueryIsServed() throws Exception {
        HttpResponse<String> response = get("/search?q=walnut+lamp%20%C3%A9");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("walnut lamp é");
    }

    @Test
    void aParameterOfTheWrongTypeIs400NamingItWithoutEchoingTheValue() throws Exception {
        HttpResponse<String> response = get("/items/%3Cscript%3Ealert(1)%3E");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // The value is not quoted back (only "instance" names the request's path, still percent-encoded).
        assertThat(response.body())
                .contains("invalid-request", "\"detail\":\"The parameter 'id' must be a whole number.\"")
                .contains("\"errors\":{\"id\":\"must be a whole number\"}")
                .doesNotContain("<script");
        assertThat(Service.HANDLED.get()).isZero();
    }

    @Test
    void aValueTheDatabaseRefusesAsDataIs400NotA500() throws Exception {
        HttpResponse<String> response = get("/data-exception");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid-value");
    }

    @Test
    void anyOtherFailureIsStillA500ThatSaysNothingInternal() throws Exception {
        HttpResponse<String> response = get("/failure");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("internal-error").doesNotContain("secret");
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        Service.HANDLED.set(0);
        return HTTP.send(HttpRequest.newBuilder(url(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sent chunked: an input-stream body has no length. */
    private HttpResponse<String> post(String path, java.util.function.Supplier<InputStream> body)
            throws IOException, InterruptedException {
        Service.HANDLED.set(0);
        return HTTP.send(
                HttpRequest.newBuilder(url(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream repeat(String text, int bytes) {
        byte[] block = text.repeat(8192).getBytes(StandardCharsets.UTF_8);
        return new SequenceInputStream(Collections.enumeration(Collections.nCopies(bytes / block.length, block).stream()
                .map(b -> (InputStream) new ByteArrayInputStream(b))
                .toList()));
    }

    @SpringBootApplication
    @RestController
    static class Service {

        static final AtomicInteger HANDLED = new AtomicInteger();

        record Echo(String name, Map<String, String> attributes, List<String> tags) {}

        @PostMapping("/echo")
        Echo echo(@RequestBody Echo echo) {
            HANDLED.incrementAndGet();
            return echo;
        }

        @GetMapping("/search")
        String search(@RequestParam String q) {
            HANDLED.incrementAndGet();
            return q;
        }

        @GetMapping("/items/{id}")
        long item(@org.springframework.web.bind.annotation.PathVariable long id) {
            HANDLED.incrementAndGet();
            return id;
        }

        @GetMapping("/data-exception")
        void dataException() {
            throw new IllegalStateException("wrapped", new SQLException("invalid byte sequence", "22021"));
        }

        @GetMapping("/failure")
        void failure() {
            throw new IllegalStateException("secret internals");
        }

        /** The tests are about input, not tokens: everything is open. */
        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.csrf(AbstractHttpConfigurer::disable)
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
    }
}
