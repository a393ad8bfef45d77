package dev.patternshop.payment;

import static dev.patternshop.payment.SagaFixtures.authorize;
import static dev.patternshop.payment.SagaFixtures.command;
import static dev.patternshop.payment.SagaFixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.VoidPayment;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.payments.PaymentCommands;
import dev.patternshop.testsupport.security.TestTokens;
import dev.patternshop.testsupport.web.TestHttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API as a client sees it: a payment's history for its customer or an admin, nobody else; hostile input. */
@PaymentIntegrationTest
class PaymentApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    PaymentCommands commands;

    TestHttpClient http;
    String order;
    String customer;
    String paymentId;

    @BeforeEach
    void anAuthorizedAndVoidedPayment() {
        http = TestHttpClient.onPort(port);
        order = newOrderId();
        customer = "customer-" + order;
        paymentId = PaymentId.forOrder(order).toString();
        commands.authorize(authorize(order, customer, 3100), command(AuthorizePayment.TYPE, order));
        commands.voidPayment(new VoidPayment(order, "STOCK_RELEASED"), command(VoidPayment.TYPE, order));
    }

    @Test
    void theCustomerSeesThePaymentWithItsWholeHistory() {
        HttpResponse<String> response = get("/payments/" + paymentId, tokens().customer(customer));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("payment").get("paymentId").asString()).isEqualTo(paymentId);
        assertThat(body.get("payment").get("orderId").asString()).isEqualTo(order);
        assertThat(body.get("payment").get("status").asString()).isEqualTo("VOIDED");
        assertThat(body.get("payment").get("amountMinor").asLong()).isEqualTo(3100);
        assertThat(body.get("history").valueStream().map(e -> e.get("type").asString()))
                .containsExactly("PaymentInitiated", "PaymentAuthorized", "PaymentVoided");
        assertThat(body.get("history").valueStream().map(e -> e.get("version").asInt()))
                .containsExactly(1, 2, 3);
        JsonNode voided = body.get("history").get(2);
        assertThat(voided.get("occurredAt").asString()).isNotBlank();
        assertThat(voided.get("data").get("reason").asString()).isEqualTo("STOCK_RELEASED");
    }

    @Test
    void theCustomerFindsThePaymentOfTheirOrderFromTheReadModel() {
        HttpResponse<String> response = get("/payments?orderId=" + order, tokens().customer(customer));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("paymentId").asString()).isEqualTo(paymentId);
        assertThat(body.get("status").asString()).isEqualTo("VOIDED");
        assertThat(body.get("version").asInt()).isEqualTo(3);
    }

    @Test
    void anotherCustomerGetsA404AsIfThePaymentDidNotExist() {
        String stranger = tokens().customer("someone-else");

        assertProblem(get("/payments/" + paymentId, stranger), 404);
        assertProblem(get("/payments?orderId=" + order, stranger), 404);
        assertProblem(get("/payments/" + PaymentId.forOrder(newOrderId()), stranger), 404);
    }

    @Test
    void anAdminSeesAnyPayment() {
        String admin = tokens().admin("it-admin");

        assertThat(get("/payments/" + paymentId, admin).statusCode()).isEqualTo(200);
        assertThat(get("/payments?orderId=" + order, admin).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutATokenItIsA401() {
        assertProblem(http.get("/payments/" + paymentId), 401);
        assertProblem(http.get("/payments?orderId=" + order), 401);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/payments/abc",
                "/payments/1",
                "/payments/123e4567-e89b-12d3-a456-42661417400g",
                "/payments/123e4567-e89b-12d3-a456-4266141740000",
                "/payments/1%0A",
                "/payments",
                "/payments?orderId=",
                "/payments?orderId=a%00b",
                "/payments?orderId=a%20b",
                "/payments?orderId=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            })
    void hostileIdsAreA400Problem(String path) {
        assertProblem(get(path, tokens().customer(customer)), 400);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private static TestTokens tokens() {
        return TestTokens.shared();
    }

    private HttpResponse<String> get(String path, String token) {
        return http.get(path, "Authorization", TestTokens.bearer(token));
    }
}
