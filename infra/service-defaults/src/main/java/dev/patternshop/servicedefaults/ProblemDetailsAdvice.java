package dev.patternshop.servicedefaults;

import java.net.URI;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error a service answers is RFC 9457 problem+json. Spring MVC's own exceptions (bad JSON,
 * wrong method, ...) get their standard problem, with details that do not repeat the client's input (an unknown
 * path: {@link ProblemJson#NOT_FOUND_DETAIL}); anything unexpected is a 500 whose
 * body never repeats the exception's message, which could leak internals. The cause goes to the log,
 * which carries the trace id that the client can quote.
 *
 * <p>Ordered last, so a service's own advice for its domain exceptions is consulted first. Being a
 * {@link ResponseEntityExceptionHandler}, it also replaces Boot's own problem-details handler (see
 * {@link ServiceDefaultsAutoConfiguration}), whose answer to a bad body says only "Failed to read request".
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    public static final URI MALFORMED_BODY_TYPE = ProblemJson.type("malformed-body");
    public static final URI INTERNAL_ERROR_TYPE = ProblemJson.type("internal-error");
    public static final URI INVALID_REQUEST_TYPE = ProblemJson.type("invalid-request");
    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // The parser's message may quote the input or name internal classes: say only where it went wrong.
        String field = JsonField.where(ex);
        String rule = causedBy(ex, ControlCharacterStrings.ControlCharacterInString.class)
                ? "contains a control character"
                : "has the wrong type or is out of range";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                field == null
                        ? "The request body is missing or is not valid JSON of the expected shape."
                        : "The request body is not valid at " + field + ": it " + rule + ".");
        problem.setType(MALFORMED_BODY_TYPE);
        if (field != null) {
            problem.setProperty("errors", Map.of(field, rule));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * A path or query parameter that does not convert (an id that is not a number). Spring's own detail quotes the
     * value, a client's input echoed back: say which parameter and what it must be instead.
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        String rule = "must be " + expected(ex.getRequiredType());
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The parameter '" + name + "' " + rule + ".");
        problem.setType(INVALID_REQUEST_TYPE);
        problem.setProperty("errors", Map.of(name, rule));
        return ResponseEntity.badRequest().body(problem);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "of type " + type.getSimpleName();
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemJson.problem(HttpStatus.NOT_FOUND, ProblemJson.NOT_FOUND_DETAIL));
    }

    /** A rule the service checks itself was broken: the detail says it in a sentence, {@code errors} per field. */
    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest invalid) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.getMessage());
        problem.setType(INVALID_REQUEST_TYPE);
        problem.setProperty("errors", Map.of(invalid.field(), invalid.rule()));
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception exception) {
        if (dataException(exception)) {
            // A value the database refused as data (SQLSTATE class 22: out of range, bad encoding, a NUL): a check
            // the service missed, but still the request's fault; a 500 here would count against the service.
            LOG.warn("A request value was refused by the database; add a check for it", exception);
            return ProblemJson.problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-value",
                    "A value in the request is out of the range or format the service accepts.");
        }
        LOG.error("Unhandled exception", exception);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be completed; the error has been logged.");
        problem.setType(INTERNAL_ERROR_TYPE);
        problem.setTitle("Internal error");
        return problem;
    }

    private static boolean dataException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
