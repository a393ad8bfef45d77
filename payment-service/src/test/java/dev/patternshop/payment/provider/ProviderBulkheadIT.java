package dev.patternshop.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.payment.domain.PaymentProvider;
import dev.patternshop.payment.domain.PaymentProvider.Authorize;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Approved;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Unavailable;
import dev.patternshop.testsupport.RealInfrastructure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The bulkhead, proven by counts: the provider holds every answer (a gate, not a delay) and the read timeout is far
 * longer than the test, so the admitted calls stay in flight until the test lets them finish. With a bulkhead of
 * {@value #SIZE}, {@value #EXTRA} more calls are refused as PROVIDER_BUSY WHILE the admitted ones are still
 * blocked (that is what "fast" means here: no stopwatch), none of them reaches the provider, the service's other
 * endpoints answer meanwhile, and then the admitted calls finish approved.
 */
// The service needs its database and broker to start; the provider is the real client against WireMock.
@RealInfrastructure(postgres = true, database = "payment", kafka = true)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "payment.provider.read-timeout=5m",
            "resilience4j.bulkhead.instances.payment-provider.max-concurrent-calls=" + ProviderBulkheadIT.SIZE,
            "resilience4j.bulkhead.instances.payment-provider.max-wait-duration=50ms"
        })
class ProviderBulkheadIT {

    static final int SIZE = 3;
    static final int EXTRA = 2;

    static final ProviderWireMock provider = new ProviderWireMock().start();

    @DynamicPropertySource
    static void providerUrl(DynamicPropertyRegistry registry) {
        registry.add("payment.provider.url", provider::url);
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @Autowired
    PaymentProvider payments;

    @Autowired
    BulkheadRegistry bulkheads;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void callsBeyondTheBulkheadAreRefusedWhileTheAdmittedOnesAreInFlightAndTheServiceStaysResponsive()
            throws Exception {
        provider.reset();
        provider.holdAnswers();
        Bulkhead bulkhead = bulkheads.bulkhead(ProviderClient.RESILIENCE_NAME);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ProviderAnswer>> admitted = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                admitted.add(callers.submit(() -> payments.authorize(anAuthorization())));
            }
            // Every place taken, every admitted call at the provider and held there.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> provider.server().getAllServeEvents().size() == SIZE);
            assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isZero();
            assertThat(meters.get("resilience4j.bulkhead.available.concurrent.calls")
                            .tag("name", ProviderClient.RESILIENCE_NAME)
                            .gauge()
                            .value())
                    .isZero();

            double rejectedBefore = rejectedCalls();
            List<Future<ProviderAnswer>> beyond = new ArrayList<>();
            for (int i = 0; i < EXTRA; i++) {
                beyond.add(callers.submit(() -> payments.authorize(anAuthorization())));
            }
            for (Future<ProviderAnswer> refused : beyond) {
                // A cap so a broken bulkhead fails the test instead of hanging it; not a measurement.
                assertThat(refused.get(1, TimeUnit.MINUTES))
                        .isEqualTo(new Unavailable(PaymentFailed.PROVIDER_BUSY, true));
            }
            // Refused while the admitted calls are still blocked at the provider, and without reaching it; counted.
            assertThat(admitted).noneMatch(Future::isDone);
            assertThat(rejectedCalls() - rejectedBefore).isEqualTo(EXTRA);
            assertThat(provider.server().getAllServeEvents()).hasSize(SIZE);

            // The service's other endpoints answer meanwhile.
            HttpStatusCode health = RestClient.create("http://127.0.0.1:" + port)
                    .get()
                    .uri("/actuator/health")
                    .retrieve()
                    .toBodilessEntity()
                    .getStatusCode();
            assertThat(health.value()).isEqualTo(200);
            assertThat(admitted).noneMatch(Future::isDone);

            provider.releaseAnswers();
            for (Future<ProviderAnswer> call : admitted) {
                assertThat(call.get(1, TimeUnit.MINUTES)).isInstanceOf(Approved.class);
            }
        } finally {
            provider.releaseAnswers();
        }
        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(SIZE);
    }

    private double rejectedCalls() {
        return meters.get("bulkhead.calls.rejected")
                .tag("name", ProviderClient.RESILIENCE_NAME)
                .counter()
                .count();
    }

    private static Authorize anAuthorization() {
        return ProviderClientIT.authorize(ProviderClientIT.ALICE, 1999, "EUR");
    }
}
