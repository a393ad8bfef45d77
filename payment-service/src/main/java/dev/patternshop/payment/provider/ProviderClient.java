package dev.patternshop.payment.provider;

import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.payment.domain.PaymentProvider;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Unavailable;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The payment provider behind the anti-corruption layer: our requests translated into the provider's API
 * ({@link ProviderTranslator}), sent with {@link RestClient}, its answers translated back. It never throws for a
 * provider failure: every outcome is a {@link ProviderAnswer}.
 *
 * <p>Every call is decorated, outermost first, as {@code Bulkhead(Retry(CircuitBreaker(http call)))}, each instance
 * named {@value #RESILIENCE_NAME} and configured in application.yml:
 * <ol>
 *   <li><b>Bulkhead outermost</b>: it bounds the payments in flight against the provider, retries and their backoff
 *       included, so a slow provider can hold at most {@code max-concurrent-calls} of our threads. Past its bounded
 *       {@code max-wait-duration} a call is refused at once ({@code PROVIDER_BUSY}, retryable) without touching the
 *       retry or the breaker: a full bulkhead says nothing about the provider's health and must not be retried
 *       here (that would hold the caller longer, the opposite of shedding load).
 *   <li><b>Retry around the breaker</b>: every attempt is one call in the breaker's window, so a 5xx or timeout
 *       storm opens it after few payments; once it is open the remaining attempts meet
 *       {@link CallNotPermittedException}, which is not retried: the call ends at once, without reaching the
 *       provider. Retried are only I/O errors, timeouts, 5xx and 429 (the {@code retry-exceptions} in YAML), with
 *       exponential backoff and jitter; never a 4xx or a decline (a decline is an answer, not an exception).
 *   <li><b>The time limit</b> is the HTTP client's read timeout ({@code payment.provider.read-timeout}) on each
 *       attempt: a slow answer is a failed attempt ({@code ResourceAccessException}), counted by the breaker and
 *       retried. A blocking call needs no extra thread for a TimeLimiter.
 * </ol>
 * Every attempt re-sends the SAME {@code Idempotency-Key} (ours, derived from the payment id and the operation): a
 * timed-out attempt that the provider did complete is answered again, not charged again.
 */
public class ProviderClient implements PaymentProvider {

    /** The name of this client's bulkhead, retry and circuit breaker (YAML and metrics). */
    public static final String RESILIENCE_NAME = "payment-provider";

    private static final Logger log = LoggerFactory.getLogger(ProviderClient.class);

    private final RestClient provider;
    private final ProviderTranslator translator;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final CircuitBreaker breaker;

    ProviderClient(
            RestClient provider,
            ProviderTranslator translator,
            Bulkhead bulkhead,
            Retry retry,
            CircuitBreaker breaker) {
        this.provider = provider;
        this.translator = translator;
        this.bulkhead = bulkhead;
        this.retry = retry;
        this.breaker = breaker;
    }

    @Override
    public ProviderAnswer authorize(Authorize request) {
        ProviderApi.AuthorizationRequest body;
        try {
            body = translator.authorization(request);
        } catch (IllegalArgumentException e) {
            return untranslatable(request.idempotencyKey(), e);
        }
        return call(
                request.idempotencyKey(),
                () -> provider.post()
                        .uri(ProviderApi.AUTHORIZATIONS)
                        .header(ProviderApi.IDEMPOTENCY_KEY, request.idempotencyKey())
                        .body(body)
                        .retrieve()
                        .body(ProviderApi.Answer.class));
    }

    @Override
    public ProviderAnswer voidAuthorization(VoidAuthorization request) {
        ProviderApi.VoidRequest body = translator.voiding(request);
        return call(
                request.idempotencyKey(),
                () -> provider.post()
                        .uri(ProviderApi.VOID, request.providerReference())
                        .header(ProviderApi.IDEMPOTENCY_KEY, request.idempotencyKey())
                        .body(body)
                        .retrieve()
                        .body(ProviderApi.Answer.class));
    }

    @Override
    public ProviderAnswer refund(Refund request) {
        ProviderApi.RefundRequest body;
        try {
            body = translator.refund(request);
        } catch (IllegalArgumentException e) {
            return untranslatable(request.idempotencyKey(), e);
        }
        return call(
                request.idempotencyKey(),
                () -> provider.post()
                        .uri(ProviderApi.REFUNDS)
                        .header(ProviderApi.IDEMPOTENCY_KEY, request.idempotencyKey())
                        .body(body)
                        .retrieve()
                        .body(ProviderApi.Answer.class));
    }

    private ProviderAnswer call(String idempotencyKey, Supplier<ProviderApi.Answer> attempt) {
        Supplier<ProviderApi.Answer> decorated = Bulkhead.decorateSupplier(
                bulkhead, Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, attempt)));
        try {
            return translator.answer(decorated.get());
        } catch (BulkheadFullException e) {
            log.warn("provider call {} refused: bulkhead full", idempotencyKey);
            return new Unavailable(PaymentFailed.PROVIDER_BUSY, true);
        } catch (CallNotPermittedException e) {
            log.warn("provider call {} refused: circuit breaker {}", idempotencyKey, breaker.getState());
            return new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, true);
        } catch (HttpClientErrorException.TooManyRequests e) {
            log.warn("provider call {} throttled after retries (429)", idempotencyKey);
            return new Unavailable(PaymentFailed.PROVIDER_BUSY, true);
        } catch (HttpClientErrorException e) {
            log.warn("provider rejected call {}: {}", idempotencyKey, e.getStatusCode());
            return new Unavailable(PaymentFailed.PROVIDER_REJECTED_REQUEST, false);
        } catch (RestClientException e) {
            // I/O, timeout, 5xx (after the retries) or an answer that could not be read.
            log.warn(
                    "provider call {} failed: {}",
                    idempotencyKey,
                    e.getMostSpecificCause().toString());
            return new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, true);
        }
    }

    private static ProviderAnswer untranslatable(String idempotencyKey, IllegalArgumentException e) {
        log.warn("provider call {} not sent: {}", idempotencyKey, e.getMessage());
        return new Unavailable(PaymentFailed.PROVIDER_REJECTED_REQUEST, false);
    }
}
