package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.web.RawHttp;
import dev.patternshop.testsupport.web.RawHttp.Answer;
import dev.patternshop.testsupport.web.RawHttp.ChunkedBody;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Request bodies are bounded at the edge whatever their framing, before the route filters buffer them: a chunked
 * body that goes on and on, on any route and from an anonymous client, is a 413 once it crosses the limit (before
 * this, the gateway buffered all of it and ran out of direct memory); a body that stops arriving is a 408. Both
 * close the connection, and neither reaches a service.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gateway.request-body.max-size=16KB",
            "gateway.request-body.idle-timeout=300ms",
            "gateway.request-body.read-timeout=10s"
        })
@RealInfrastructure(redis = true)
class EdgeRequestLimitsIT {

    static final WireMockServer BACKEND = WireMockBackends.started();
    static final int LIMIT = 16 * 1024;
    /** Generous bounds for an answer that must come; never a measurement. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    static final int CHUNK = 8 * 1024;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri", BACKEND::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", BACKEND::baseUrl);
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
        BACKEND.stubFor(WireMock.any(urlPathMatching("/(products|orders)(/.*)?"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{}")));
    }

    @Test
    void aHugeChunkedBodyOnAnAnonymousGetIsRefusedWith413AfterTheLimitAndNeverReachesTheService() {
        long chunks = 64L * 1024 * 1024 / CHUNK; // 64 MB, if the gateway read it all
        Answer answer = RawHttp.chunked(
                port,
                "GET /api/catalog/products/42 HTTP/1.1\r\nHost: 127.0.0.1",
                ChunkedBody.of(CHUNK, chunks),
                ANSWER_WITHIN);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text()).contains("application/problem+json").contains("larger than " + LIMIT + " bytes");
        assertThat(answer.closedByServer())
                .as("the rest of the body is never read: %s", answer.text())
                .isTrue();
        assertThat(answer.bodyBytesSent())
                .as("the client was stopped long before its body ended")
                .isLessThan(chunks * CHUNK);
        assertThat(WireMockBackends.forwarded(BACKEND)).isEmpty();
    }

    @Test
    void aChunkedPostOverTheLimitIsRefusedWith413() {
        String alice = new EdgeClient(port).tokenFor(EdgeClient.ALICE);
        Answer answer = RawHttp.chunked(
                port,
                "POST /api/orders/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nIdempotency-Key: k-1\r\nAuthorization: Bearer " + alice,
                ChunkedBody.of(CHUNK, 2 * 1024 * 1024 / CHUNK),
                ANSWER_WITHIN);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(WireMockBackends.forwarded(BACKEND)).isEmpty();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyOfTheBodyIsSent() {
        Answer answer = RawHttp.exactly(
                port,
                "POST /api/catalog/products HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
                ANSWER_WITHIN);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(WireMockBackends.forwarded(BACKEND)).isEmpty();
    }

    @Test
    void aBodyThatStopsArrivingIsCutOffWith408() {
        String alice = new EdgeClient(port).tokenFor(EdgeClient.ALICE);
        Answer answer = RawHttp.chunked(
                port,
                "POST /api/orders/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nAuthorization: Bearer " + alice,
                ChunkedBody.stalling(100),
                ANSWER_WITHIN);

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.text()).contains("application/problem+json");
        assertThat(answer.closedByServer()).as(answer.text()).isTrue();
        assertThat(WireMockBackends.forwarded(BACKEND)).isEmpty();
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheServiceWhole() {
        String alice = new EdgeClient(port).tokenFor(EdgeClient.ALICE);
        Answer answer = RawHttp.chunked(
                port,
                "POST /api/orders/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nAuthorization: Bearer " + alice + "\r\nConnection: close",
                ChunkedBody.of(1024, 8),
                ANSWER_WITHIN);

        assertThat(answer.status()).isEqualTo(200);
        BACKEND.verify(1, postRequestedFor(urlPathMatching("/orders")).withRequestBody(WireMock.matching("x{8192}")));
    }

    @Test
    void refusedBodiesLeaveTheGatewayServingEveryoneElse() {
        for (int i = 0; i < 20; i++) {
            assertThat(RawHttp.chunked(
                                    port,
                                    "GET /api/catalog/products/1 HTTP/1.1\r\nHost: 127.0.0.1",
                                    ChunkedBody.of(CHUNK, 256),
                                    ANSWER_WITHIN)
                            .status())
                    .isEqualTo(413);
        }

        assertThat(new EdgeClient(port).get("/api/catalog/products/42").statusCode())
                .isEqualTo(200);
    }
}
