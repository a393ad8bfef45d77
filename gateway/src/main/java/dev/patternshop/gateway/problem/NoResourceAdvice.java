package dev.patternshop.gateway.problem;

import dev.patternshop.servicedefaults.ProblemJson;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.resource.NoResourceFoundException;

/**
 * A path no route and no controller of the gateway serves: the 404 every Patternshop component answers
 * ({@link ProblemJson#NOT_FOUND_DETAIL}). Without it Boot's problem-details handler would answer first, with a detail
 * that repeats the path.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class NoResourceAdvice {

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail noResource() {
        return ProblemResponses.problem(HttpStatus.NOT_FOUND, ProblemJson.NOT_FOUND_DETAIL);
    }
}
