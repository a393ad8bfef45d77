package dev.patternshop.inventory.web;

import dev.patternshop.inventory.domain.ReservationNotFound;
import dev.patternshop.inventory.domain.StockNotFound;
import dev.patternshop.inventory.domain.StockVersionConflict;
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
 * Inventory's rejections, one table from fact to status and problem type. An {@code InvalidStock} is an
 * {@code InvalidRequest}, answered 400 by service-defaults' {@code ProblemDetailsAdvice}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class InventoryProblems {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryProblems.class);

    @ExceptionHandler(StockNotFound.class)
    ProblemDetail stockNotFound(StockNotFound e) {
        return ProblemJson.problem(HttpStatus.NOT_FOUND, "stock-not-found", e.getMessage());
    }

    @ExceptionHandler(ReservationNotFound.class)
    ProblemDetail reservationNotFound(ReservationNotFound e) {
        return ProblemJson.problem(HttpStatus.NOT_FOUND, "reservation-not-found", e.getMessage());
    }

    @ExceptionHandler(StockVersionConflict.class)
    ProblemDetail conflict(StockVersionConflict e) {
        return ProblemJson.problem(HttpStatus.CONFLICT, "version-conflict", e.getMessage());
    }

    /** No connection within the pool's timeout, a connection lost, a statement cancelled: try again shortly. */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        CannotCreateTransactionException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        LOG.warn("Inventory database unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemJson.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "database-unavailable",
                        "the inventory database is unavailable; try again later"));
    }
}
