package dev.patternshop.payment.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.patternshop.events.payment.v1.PaymentDeclined;
import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.domain.PaymentProvider;
import dev.patternshop.payment.domain.PaymentProvider.Authorize;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Approved;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Declined;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Unavailable;
import dev.patternshop.payment.domain.PaymentProvider.Refund;
import dev.patternshop.payment.domain.PaymentProvider.VoidAuthorization;
import dev.patternshop.testsupport.RealInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The provider client against the runtime's own WireMock mappings: the anti-corruption layer's translation both
 * ways, declines, retries with the same idempotency key, the breaker opening on a 5xx storm and recovering, and no
 * retry for a request the provider rejects. The read timeout is the real one (2 s; the delayed answer takes 10 s, a
 * normal one milliseconds); 10 ms retry waits keep it short. The breaker stays open 5 s: a margin for the one check
 * right after it opened (a call not sent), which takes milliseconds; the recovery waits for the half-open state
 * itself (Awaitility), never for a time.
 */
// The service needs its database and broker to start; the provider is the real client against WireMock.
@RealInfrastructure(postgres = true, database = "payment", kafka = true)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "resilience4j.retry.instances.payment-provider.wait-duration=10ms",
            "resilience4j.circuitbreaker.instances.payment-provider.wait-duration-in-open-state=5s"
        })
class ProviderClientIT {

    static final String ALICE = "3f1c9a52-7d1e-4c1b-9a57-1a2b3c4d5e01";
    static final String CAROL = "c47d8e91-5f2a-4b6c-9d0e-3c4d5e6f7a03";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

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
    CircuitBreakerRegistry breakers;

    @Autowired
    MeterRegistry meters;

    CircuitBreaker breaker;

    @BeforeEach
    void freshProviderAndBreaker() {
        provider.reset();
        breaker = breakers.circuitBreaker(ProviderClient.RESILIENCE_NAME);
        breaker.reset();
    }

    @Test
    void theProviderBeanIsTheAntiCorruptionLayer() {
        assertThat(payments).isInstanceOf(ProviderClient.class);
    }

    @Test
    void anApprovedAuthorizationCarriesTheProvidersIdDerivedFromTheKey() {
        Authorize request = authorize(ALICE, 1234, "EUR");

        assertThat(payments.authorize(request)).isEqualTo(new Approved("auth_" + request.idempotencyKey()));
        assertThat(provider.requestsWithKey(request.idempotencyKey()))
                .singleElement()
                .satisfies(event -> assertThat(event.getRequest().getBodyAsString())
                        .contains("\"merchant_reference\":\"" + request.paymentId() + "\"")
                        .contains("\"customer_ref\":\"" + ALICE + "\"")
                        .contains("\"amount\":\"12.34\"")
                        .contains("\"currency\":\"EUR\""));
    }

    @Test
    void theSameKeyTwiceGetsTheSameAnswerAndTheSameId() {
        Authorize request = authorize(ALICE, 500, "EUR");

        assertThat(payments.authorize(request)).isEqualTo(payments.authorize(request));
        assertThat(chargeIds(request.idempotencyKey())).containsExactly("auth_" + request.idempotencyKey());
    }

    @Test
    void carolIsAlwaysRefusedForInsufficientFunds() {
        assertThat(payments.authorize(authorize(CAROL, 100, "EUR")))
                .isEqualTo(new Declined(PaymentDeclined.INSUFFICIENT_FUNDS));
    }

    @Test
    void tenThousandOrMoreIsRefusedAsDoNotHonorWhichIsACardDecline() {
        assertThat(payments.authorize(authorize(ALICE, 1_000_000, "EUR")))
                .isEqualTo(new Declined(PaymentDeclined.CARD_DECLINED));
    }

    @Test
    void amountsReachTheProviderAsExactDecimalStrings() {
        assertThat(sentAmount(authorize(ALICE, 1, "EUR"))).isEqualTo("0.01");
        assertThat(sentAmount(authorize(ALICE, 123456, "USD"))).isEqualTo("1234.56");
        assertThat(sentAmount(authorize(ALICE, 500, "JPY"))).isEqualTo("500");
    }

    @Test
    void aVoidAndARefundAreApprovedWithTheirOwnIds() {
        Authorize authorization = authorize(ALICE, 2500, "EUR");
        Approved authorized = (Approved) payments.authorize(authorization);
        PaymentId payment = authorization.paymentId();

        VoidAuthorization voiding =
                new VoidAuthorization(payment, payment.idempotencyKey("void"), authorized.providerReference());
        Refund refund =
                new Refund(payment, payment.idempotencyKey("refund"), authorized.providerReference(), 2500, "EUR");

        assertThat(payments.voidAuthorization(voiding)).isEqualTo(new Approved("void_" + voiding.idempotencyKey()));
        assertThat(payments.refund(refund)).isEqualTo(new Approved("refund_" + refund.idempotencyKey()));
        assertThat(provider.requestsWithKey(refund.idempotencyKey()))
                .singleElement()
                .satisfies(event -> assertThat(event.getRequest().getBodyAsString())
                        .contains("\"authorization_id\":\"" + authorized.providerReference() + "\"")
                        .contains("\"amount\":\"25.00\""));
    }

    @Test
    void aTimedOutAttemptIsRetriedWithTheSameKeyAndChargesOnce() {
        // The first answer comes 10 s late (the read timeout is 2 s); the next one at once.
        provider.server()
                .stubFor(any(urlPathMatching("/v1/.*"))
                        .atPriority(1)
                        .inScenario("slow first answer")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("answered")
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withFixedDelay(10_000)
                                .withHeader("Content-Type", "application/json")
                                .withBody(
                                        "{\"id\":\"auth_{{request.headers.Idempotency-Key}}\",\"status\":\"APPROVED\"}")
                                .withTransformers("response-template")));
        Authorize request = authorize(ALICE, 4200, "EUR");

        assertThat(payments.authorize(request)).isEqualTo(new Approved("auth_" + request.idempotencyKey()));
        assertThat(provider.requestsWithKey(request.idempotencyKey())).hasSize(2);
        assertThat(chargeIds(request.idempotencyKey())).containsExactly("auth_" + request.idempotencyKey());
    }

    @Test
    void aFiveXxStormIsRetriedThenOpensTheBreakerWhichAnswersWithoutCallingAndRecovers() {
        provider.fault("errors", "0-9a-f");

        // 3 attempts per payment: 3 payments make 9 failed calls, the 4th payment's first attempt the 10th
        // (the breaker's minimum), and all failed: it opens, and that payment's next attempt is not sent.
        List<Authorize> stormed = new ArrayList<>();
        for (int payment = 0; payment < 4; payment++) {
            Authorize request = authorize(ALICE, 1000, "EUR");
            stormed.add(request);
            assertThat(payments.authorize(request))
                    .isEqualTo(new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, true));
            assertThat(provider.requestsWithKey(request.idempotencyKey()))
                    .hasSize(payment < 3 ? 3 : 1)
                    .allSatisfy(
                            event -> assertThat(event.getResponse().getStatus()).isEqualTo(503));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(meters.get("resilience4j.circuitbreaker.state")
                        .tag("name", ProviderClient.RESILIENCE_NAME)
                        .tag("state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1.0);

        int sent = provider.server().getAllServeEvents().size();
        long notPermitted = breaker.getMetrics().getNumberOfNotPermittedCalls();
        assertThat(payments.authorize(authorize(ALICE, 1000, "EUR")))
                .isEqualTo(new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, true));
        assertThat(provider.server().getAllServeEvents()).hasSize(sent);
        assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(notPermitted + 1);

        // The provider recovers; after the open state's wait the breaker lets probes through, and they close it.
        provider.normal();
        await().atMost(Duration.ofSeconds(30)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
        // The probes are the stormed payments sent again (as the saga would): the same keys, charged once each.
        for (Authorize again : stormed.subList(0, 3)) {
            assertThat(payments.authorize(again)).isEqualTo(new Approved("auth_" + again.idempotencyKey()));
            // The journal: three 503s and one charge for this key.
            assertThat(provider.requestsWithKey(again.idempotencyKey()))
                    .extracting(event -> event.getResponse().getStatus())
                    .containsExactly(503, 503, 503, 201);
            assertThat(chargeIds(again.idempotencyKey())).containsExactly("auth_" + again.idempotencyKey());
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void errorsAtARateHitOnlyThePaymentsWhoseIdEndsInTheChosenDigits() {
        provider.fault("errors", "0-3");

        Authorize failing = authorize(paymentEndingIn('2'), ALICE, 1000, "EUR");
        Authorize passing = authorize(paymentEndingIn('c'), ALICE, 1000, "EUR");

        assertThat(payments.authorize(failing)).isEqualTo(new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, true));
        assertThat(provider.requestsWithKey(failing.idempotencyKey())).hasSize(3);
        assertThat(payments.authorize(passing)).isEqualTo(new Approved("auth_" + passing.idempotencyKey()));
    }

    @Test
    void aProviderThatIsDownIsRetriedThenUnavailable() {
        provider.fault("down", "");
        Authorize request = authorize(ALICE, 1000, "EUR");

        assertThat(payments.authorize(request)).isEqualTo(new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, true));
        assertThat(provider.requestsWithKey(request.idempotencyKey())).hasSize(3);
    }

    @Test
    void declinesAtARateRefuseTheChosenPayments() {
        provider.fault("declines", "0-f");

        assertThat(payments.authorize(authorize(ALICE, 1000, "EUR")))
                .isEqualTo(new Declined(PaymentDeclined.CARD_DECLINED));
    }

    @Test
    void aRequestTheProviderRejectsIsNotRetried() {
        // CHF is a currency we can write (2 digits) that this provider does not take: its answer is a 400.
        Authorize request = authorize(ALICE, 1000, "CHF");

        assertThat(payments.authorize(request))
                .isEqualTo(new Unavailable(PaymentFailed.PROVIDER_REJECTED_REQUEST, false));
        assertThat(provider.requestsWithKey(request.idempotencyKey()))
                .singleElement()
                .satisfies(event -> assertThat(event.getResponse().getStatus()).isEqualTo(400));
    }

    @Test
    void anAmountThatCannotBeWrittenIsNeverSent() {
        Authorize request = authorize(ALICE, -1, "EUR");

        assertThat(payments.authorize(request))
                .isEqualTo(new Unavailable(PaymentFailed.PROVIDER_REJECTED_REQUEST, false));
        assertThat(provider.server().getAllServeEvents()).isEmpty();
    }

    private String sentAmount(Authorize request) {
        assertThat(payments.authorize(request)).isInstanceOf(Approved.class);
        String body = provider.requestsWithKey(request.idempotencyKey())
                .getFirst()
                .getRequest()
                .getBodyAsString();
        Matcher amount = Pattern.compile("\"amount\":\"([^\"]*)\"").matcher(body);
        assertThat(amount.find()).isTrue();
        return amount.group(1);
    }

    /** The distinct charge ids the provider answered for this key (the request journal's responses). */
    private Set<String> chargeIds(String key) {
        List<ServeEvent> events = provider.requestsWithKey(key);
        return events.stream()
                .map(event ->
                        event.getResponse() == null ? "" : event.getResponse().getBodyAsString())
                .map(ID::matcher)
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1))
                .collect(Collectors.toSet());
    }

    static Authorize authorize(String customer, long amountMinor, String currency) {
        return authorize(PaymentId.forOrder(UUID.randomUUID().toString()), customer, amountMinor, currency);
    }

    static Authorize authorize(PaymentId payment, String customer, long amountMinor, String currency) {
        return new Authorize(payment, payment.idempotencyKey("authorize"), customer, amountMinor, currency);
    }

    /** A payment whose id ends in this hex digit (the fault toggles select payments by it). */
    static PaymentId paymentEndingIn(char digit) {
        String id = UUID.randomUUID().toString();
        return new PaymentId(UUID.fromString(id.substring(0, id.length() - 1) + digit));
    }
}
