package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.InvalidProduct;
import dev.patternshop.catalog.product.ProductNotFound;
import dev.patternshop.catalog.product.ProductVersionConflict;
import dev.patternshop.catalog.product.SkuAlreadyExists;
import dev.patternshop.servicedefaults.ProblemJson;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The catalog's rejections, one table from fact to status and problem type. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CatalogProblems {

    @ExceptionHandler(InvalidProduct.class)
    ProblemDetail invalid(InvalidProduct e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage());
        problem.setProperty("errors", Map.of(e.field(), e.getMessage()));
        return problem;
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

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        return ProblemJson.problem(status, type, detail);
    }
}
