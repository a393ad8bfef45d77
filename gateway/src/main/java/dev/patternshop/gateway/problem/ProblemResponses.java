package dev.patternshop.gateway.problem;

import dev.patternshop.servicedefaults.ProblemJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes RFC 9457 problem+json from gateway filters and error handlers, where no message converters run. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemJson.problem(status, detail);
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        ProblemDetail problem = problem(status, detail);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = ProblemJson.toJson(problem).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** The problem for a request the edge refused; the connection is closed after it (the rest was never read). */
    public static Mono<Void> refuse(ServerWebExchange exchange, RequestRefused refused) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(refused);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return write(exchange, refused.status(), refused.getMessage());
    }
}
