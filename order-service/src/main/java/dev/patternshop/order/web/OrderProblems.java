package dev.patternshop.order.web;

import dev.patternshop.order.domain.IllegalOrderTransition;
import dev.patternshop.order.domain.InvalidOrder;
import dev.patternshop.order.domain.OrderTotalTooLarge;
import dev.patternshop.order.domain.PricingUnavailable;
import dev.patternshop.order.domain.UnknownProducts;
import dev.patternshop.order.placement.IdempotencyKeyReused;
import dev.patternshop.order.placement.TooManyPendingOrders;
import dev.patternshop.order.queries.OrderNotFound;
import dev.patternshop.order.sharding.ShardUnavailable;
import dev.patternshop.servicedefaults.ProblemJson;
import dev.patternshop.servicedefaults.RetryAfter;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The order service's rejections, one table from fact to status and problem type. Each one wrote nothing. An
 * {@link InvalidOrder} is an {@code InvalidRequest}, answered by service-defaults' {@code ProblemDetailsAdvice}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OrderProblems {

    private static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(1);

    /** Valid on its face, impossible with the catalog's prices: 422 like an unknown product. */
    @ExceptionHandler(OrderTotalTooLarge.class)
    ProblemDetail totalTooLarge(OrderTotalTooLarge e) {
        ProblemDetail problem =
                ProblemJson.problem(HttpStatus.UNPROCESSABLE_CONTENT, "order-total-too-large", e.getMessage());
        problem.setProperty("errors", Map.of(e.field(), e.rule()));
        return problem;
    }

    @ExceptionHandler(TooManyPendingOrders.class)
    ProblemDetail tooManyPending(TooManyPendingOrders e) {
        ProblemDetail problem = ProblemJson.problem(HttpStatus.CONFLICT, "too-many-pending-orders", e.getMessage());
        problem.setProperty("maxPendingOrders", e.maxPending());
        return problem;
    }

    @ExceptionHandler(UnknownProducts.class)
    ProblemDetail unknownProducts(UnknownProducts e) {
        ProblemDetail problem =
                ProblemJson.problem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-product", e.getMessage());
        problem.setProperty("productIds", e.productIds());
        return problem;
    }

    @ExceptionHandler(IdempotencyKeyReused.class)
    ProblemDetail keyReused(IdempotencyKeyReused e) {
        return ProblemJson.problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", e.getMessage());
    }

    /** A change the order's state does not allow now (a cancel once it is confirmed or being confirmed). */
    @ExceptionHandler(IllegalOrderTransition.class)
    ProblemDetail illegalTransition(IllegalOrderTransition e) {
        ProblemDetail problem = ProblemJson.problem(HttpStatus.CONFLICT, "order-state-conflict", e.getMessage());
        // Not "status": that is the problem's HTTP status (RFC 9457), and a second key of that name overwrote it.
        problem.setProperty("orderStatus", e.status().name());
        return problem;
    }

    @ExceptionHandler(OrderNotFound.class)
    ProblemDetail notFound(OrderNotFound e) {
        return ProblemJson.problem(HttpStatus.NOT_FOUND, "order-not-found", e.getMessage());
    }

    @ExceptionHandler(PricingUnavailable.class)
    ResponseEntity<ProblemDetail> catalogUnavailable(PricingUnavailable e) {
        return unavailable("catalog-unavailable", e.getMessage(), e.retryAfter());
    }

    @ExceptionHandler(ShardUnavailable.class)
    ResponseEntity<ProblemDetail> shardUnavailable(ShardUnavailable e) {
        return unavailable("shard-unavailable", e.getMessage(), DATABASE_RETRY_AFTER);
    }

    /**
     * The shard's database cannot be reached or did not answer in time: no connection for the transaction
     * (CannotCreateTransactionException), a connection lost mid-way, a query cut by the socket timeout.
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        CannotCreateTransactionException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        return unavailable(
                "database-unavailable", "the order database is unavailable; try again later", DATABASE_RETRY_AFTER);
    }

    private static ResponseEntity<ProblemDetail> unavailable(String type, String detail, Duration retryAfter) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RetryAfter.header(retryAfter))
                .body(ProblemJson.problem(HttpStatus.SERVICE_UNAVAILABLE, type, detail));
    }
}
