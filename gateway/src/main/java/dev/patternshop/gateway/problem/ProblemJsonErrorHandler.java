package dev.patternshop.gateway.problem;

import dev.patternshop.servicedefaults.ProblemJson;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself answers is problem+json: no route (404), no live instance or a refused
 * connection to a service (503), anything else (500, without the exception's message).
 * Ordered before Boot's default handler, which would answer its own JSON shape.
 */
@Component
@Order(-2)
public class ProblemJsonErrorHandler implements WebExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemJsonErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        return switch (error) {
            case RequestRefused refused -> ProblemResponses.refuse(exchange, refused);
            case NotFoundException unavailable ->
                ProblemResponses.write(
                        exchange,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "No instance of the service is available right now; try again shortly.");
            case ResponseStatusException status ->
                ProblemResponses.write(exchange, resolve(status.getStatusCode()), detailOf(status));
            case ConnectException refused ->
                ProblemResponses.write(
                        exchange,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "The service did not accept the connection; try again shortly.");
            default -> {
                LOG.error("Unhandled gateway error on {}", exchange.getRequest().getPath(), error);
                yield ProblemResponses.write(
                        exchange,
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "The request could not be completed; the error has been logged.");
            }
        };
    }

    private static HttpStatus resolve(HttpStatusCode code) {
        HttpStatus status = HttpStatus.resolve(code.value());
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    /**
     * A client error's own reason, except for a 404's: Spring's repeat the path, and every 404 of ours says the same
     * ({@link ProblemJson#NOT_FOUND_DETAIL}).
     */
    private static String detailOf(ResponseStatusException error) {
        HttpStatus status = resolve(error.getStatusCode());
        return error.getReason() != null && status.is4xxClientError() && status != HttpStatus.NOT_FOUND
                ? error.getReason()
                : defaultDetail(status);
    }

    private static String defaultDetail(HttpStatus status) {
        return status == HttpStatus.NOT_FOUND ? ProblemJson.NOT_FOUND_DETAIL : status.getReasonPhrase() + ".";
    }
}
