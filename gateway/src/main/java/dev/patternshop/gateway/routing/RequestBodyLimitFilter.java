package dev.patternshop.gateway.routing;

import dev.patternshop.gateway.problem.ProblemResponses;
import dev.patternshop.gateway.problem.RequestRefused;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds every request body before anything at the edge buffers it. The route filters (retry, circuit breaker)
 * make Spring Cloud Gateway keep a copy of the whole body to resend it; without a bound, one chunked body of a
 * few hundred megabytes filled the gateway's direct memory. So the body each later filter reads is this one:
 * a declared length over the limit is a 413 at once; a body without one fails with 413 the moment it crosses the
 * limit (the piece in hand is released, and whoever was collecting the body releases what it holds); a body
 * that pauses longer than the idle timeout, or takes longer than the read timeout in all, fails with 408. Both
 * answers close the connection: the rest of the body is never read.
 */
@Component
@Order(EdgeFilterOrder.BODY_LIMIT)
@EnableConfigurationProperties(RequestBodySettings.class)
public class RequestBodyLimitFilter implements WebFilter {

    private final RequestBodySettings settings;

    public RequestBodyLimitFilter(RequestBodySettings settings) {
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > settings.maxSize().toBytes()) {
            return refuse(exchange, tooLarge());
        }
        // HTTP/1.1 frames a body with Content-Length or Transfer-Encoding; without either there is none (most GETs):
        // nothing to bound, so no decorator and no timers on the hot path.
        boolean chunked = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING);
        if (declared == 0 || (declared < 0 && !chunked)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest bounded = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return bound(super.getBody());
            }
        };
        return chain.filter(exchange.mutate().request(bounded).build())
                .onErrorResume(BodyRefused.class, refused -> refuse(exchange, refused));
    }

    private Flux<DataBuffer> bound(Flux<DataBuffer> body) {
        return Flux.defer(() -> {
            long max = settings.maxSize().toBytes();
            AtomicLong received = new AtomicLong();
            long deadline = System.nanoTime() + settings.readTimeout().toNanos();
            return body.timeout(Mono.delay(pause(deadline)), piece -> Mono.delay(pause(deadline)))
                    .onErrorMap(
                            TimeoutException.class,
                            timeout -> new BodyRefused(
                                    HttpStatus.REQUEST_TIMEOUT,
                                    "The request body did not arrive in time (at most "
                                            + settings.idleTimeout().toSeconds() + " s between its pieces, "
                                            + settings.readTimeout().toSeconds() + " s in all)."))
                    .handle((DataBuffer piece, reactor.core.publisher.SynchronousSink<DataBuffer> sink) -> {
                        if (received.addAndGet(piece.readableByteCount()) > max) {
                            DataBufferUtils.release(piece);
                            sink.error(tooLarge());
                        } else {
                            sink.next(piece);
                        }
                    });
        });
    }

    /** The idle timeout, or less when the whole body's deadline comes sooner. */
    private Duration pause(long deadlineNanos) {
        Duration left = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        return left.compareTo(settings.idleTimeout()) < 0 ? left : settings.idleTimeout();
    }

    private BodyRefused tooLarge() {
        return new BodyRefused(
                HttpStatus.CONTENT_TOO_LARGE,
                "The request body is larger than " + settings.maxSize().toBytes() + " bytes.");
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, BodyRefused refused) {
        return ProblemResponses.refuse(exchange, refused);
    }

    /**
     * The body broke a limit: the client's answer, never a failure of a service (the breakers ignore it). Not a
     * ResponseStatusException on purpose: WebFlux would render one on its own way up, before this filter sees it.
     */
    public static final class BodyRefused extends RequestRefused {

        BodyRefused(HttpStatus status, String detail) {
            super(status, detail);
        }
    }
}
