package dev.patternshop.gateway.problem;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes RFC 9457 problem+json from filters and error handlers, where no message converters run. */
public final class ProblemResponses {

    private static final String TYPE_BASE = "https://patternshop.dev/problems/";

    private ProblemResponses() {
    }

    public static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + status.name().toLowerCase().replace('_', '-')));
        return problem;
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        ProblemDetail problem = problem(status, detail);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = toJson(problem).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** Hand-written so that an error path can never fail on serialization. */
    static String toJson(ProblemDetail problem) {
        return "{\"type\":" + quote(String.valueOf(problem.getType()))
                + ",\"title\":" + quote(problem.getTitle())
                + ",\"status\":" + problem.getStatus()
                + ",\"detail\":" + quote(problem.getDetail())
                + (problem.getInstance() == null ? "" : ",\"instance\":" + quote(problem.getInstance().toString()))
                + "}";
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
