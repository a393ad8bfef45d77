package dev.patternshop.payment.web;

import dev.patternshop.payment.domain.PaymentNotFound;
import dev.patternshop.servicedefaults.ProblemJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Payment's answers for what cannot be served, one table from fact to status and problem type. A bad id is an
 * {@code InvalidRequest}, answered 400 by service-defaults' {@code ProblemDetailsAdvice}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PaymentProblems {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentProblems.class);

    @ExceptionHandler(PaymentNotFound.class)
    ProblemDetail notFound(PaymentNotFound e) {
        return ProblemJson.problem(HttpStatus.NOT_FOUND, "payment-not-found", e.getMessage());
    }

    /** No connection within the pool's timeout, a connection lost, a statement cancelled: try again shortly. */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        CannotCreateTransactionException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        LOG.warn("Payment database unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemJson.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "database-unavailable",
                        "the payment database is unavailable; try again later"));
    }
}
