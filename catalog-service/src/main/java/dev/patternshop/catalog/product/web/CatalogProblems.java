package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.InvalidProduct;
import dev.patternshop.catalog.product.ProductNotFound;
import dev.patternshop.catalog.product.ProductVersionConflict;
import dev.patternshop.catalog.product.SkuAlreadyExists;
import dev.patternshop.catalog.replication.PrimarySettings;
import dev.patternshop.servicedefaults.ProblemJson;
import dev.patternshop.servicedefaults.RetryAfter;
import java.time.Duration;
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
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The catalog's rejections, one table from fact to status and problem type. An {@link InvalidProduct} is an
 * {@code InvalidRequest}, answered by service-defaults' {@code ProblemDetailsAdvice}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CatalogProblems {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogProblems.class);

    private final Duration databaseRetryAfter;

    CatalogProblems(PrimarySettings primary) {
        this.databaseRetryAfter = primary.retryAfter();
    }

    @ExceptionHandler(ProductNotFound.class)
    ProblemDetail notFound(ProductNotFound e) {
        return problem(HttpStatus.NOT_FOUND, "product-not-found", e.getMessage());
    }

    @ExceptionHandler(ProductVersionConflict.class)
    ProblemDetail conflict(ProductVersionConflict e) {
        return problem(HttpStatus.CONFLICT, "version-conflict", e.getMessage());
    }

    @ExceptionHandler(SkuAlreadyExists.class)
    ProblemDetail duplicateSku(SkuAlreadyExists e) {
        return problem(HttpStatus.CONFLICT, "duplicate-sku", e.getMessage());
    }

    /**
     * The database cannot be reached or did not answer in time: no connection for the transaction
     * (CannotCreateTransactionException), none for a read, a connection lost mid-way, a statement cancelled by
     * its timeout, a transaction that could not be rolled back or committed because its connection broke
     * (TransactionSystemException). The client may try again: a create that did commit then answers 409
     * (duplicate SKU), an update 409 (stale version).
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        CannotCreateTransactionException.class,
        TransactionSystemException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e) {
        LOG.warn("Catalog database unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RetryAfter.header(databaseRetryAfter))
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "database-unavailable",
                        "the catalog database is unavailable; try again later"));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        return ProblemJson.problem(status, type, detail);
    }
}
