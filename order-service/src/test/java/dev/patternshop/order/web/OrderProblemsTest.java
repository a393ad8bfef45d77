package dev.patternshop.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.order.domain.OrderTotalTooLarge;
import dev.patternshop.order.placement.TooManyPendingOrders;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A shard database that cannot be reached, whichever way Spring reports it, is a 503 with Retry-After: the
 * client may try again, and the gateway does not count it against the orders route.
 */
class OrderProblemsTest {

    @Test
    void everyWayADatabaseOutageSurfacesIsA503WithRetryAfter() throws Exception {
        List<Supplier<RuntimeException>> outages = List.of(
                () -> new CannotCreateTransactionException("no connection for the transaction"),
                () -> new DataAccessResourceFailureException("connection lost"),
                () -> new QueryTimeoutException("socket timeout"));
        for (Supplier<RuntimeException> outage : outages) {
            MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing(outage))
                    .setControllerAdvice(new OrderProblems())
                    .build();

            MvcResult result = mvc.perform(MockMvcRequestBuilders.get("/fail")).andReturn();

            String what = outage.get().getClass().getSimpleName();
            assertThat(result.getResponse().getStatus()).as(what).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
            assertThat(result.getResponse().getHeader(HttpHeaders.RETRY_AFTER))
                    .as(what)
                    .isEqualTo("1");
            assertThat(result.getResponse().getContentAsString()).as(what).contains("database-unavailable");
        }
    }

    @Test
    void anOrderTotalBeyondWhatAnOrderHoldsIsA422ProblemNamingTheLine() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing(() -> new OrderTotalTooLarge("items[0].quantity")))
                .setControllerAdvice(new OrderProblems())
                .build();

        MvcResult result = mvc.perform(MockMvcRequestBuilders.get("/fail")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT.value());
        assertThat(result.getResponse().getContentAsString())
                .contains("order-total-too-large")
                .contains("items[0].quantity");
    }

    @Test
    void tooManyPendingOrdersIsA409ProblemThatSaysTheCap() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing(() -> new TooManyPendingOrders(20)))
                .setControllerAdvice(new OrderProblems())
                .build();

        MvcResult result = mvc.perform(MockMvcRequestBuilders.get("/fail")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(HttpStatus.CONFLICT.value());
        assertThat(result.getResponse().getContentAsString())
                .contains("too-many-pending-orders")
                .contains("\"maxPendingOrders\":20");
    }

    @RestController
    static class Failing {

        private final Supplier<RuntimeException> failure;

        Failing(Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        @GetMapping("/fail")
        ResponseEntity<ProblemDetail> fail() {
            throw failure.get();
        }
    }
}
