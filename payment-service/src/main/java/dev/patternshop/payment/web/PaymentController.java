package dev.patternshop.payment.web;

import dev.patternshop.payment.domain.Payment;
import dev.patternshop.payment.domain.PaymentEvent;
import dev.patternshop.payment.domain.PaymentView;
import dev.patternshop.payment.payments.PaymentQueries;
import dev.patternshop.payment.payments.PaymentQueries.Caller;
import dev.patternshop.payment.payments.PaymentQueries.History;
import dev.patternshop.servicedefaults.security.TokenContract;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A payment for its customer (the token's subject) or an ADMIN; for anyone else it does not exist (404, not 403).
 * {@code GET /payments/{id}}: the payment and its full history, replayed from its events.
 * {@code GET /payments?orderId=}: the order's payment, from the read model.
 */
@Tag(name = "payments", description = "The caller's payments, replayed from their events.")
@RestController
@RequestMapping("/payments")
class PaymentController {

    private static final String ADMIN_AUTHORITY = "ROLE_" + TokenContract.ADMIN;

    private final PaymentQueries queries;

    PaymentController(PaymentQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/{id}")
    ResponseEntity<PaymentHistoryResponse> one(Authentication caller, @PathVariable String id) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(PaymentHistoryResponse.of(queries.history(id, caller(caller))));
    }

    @GetMapping
    ResponseEntity<PaymentResponse> ofOrder(Authentication caller, @RequestParam(required = false) String orderId) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(PaymentResponse.of(queries.ofOrder(orderId, caller(caller))));
    }

    private static Caller caller(Authentication authentication) {
        boolean admin = authentication.getAuthorities().stream()
                .anyMatch(authority -> ADMIN_AUTHORITY.equals(authority.getAuthority()));
        return new Caller(authentication.getName(), admin);
    }

    record PaymentResponse(
            String paymentId,
            String orderId,
            String customerId,
            String status,
            long amountMinor,
            String currency,
            String providerReference,
            String reason,
            int version,
            Instant updatedAt) {

        static PaymentResponse of(PaymentView view) {
            return new PaymentResponse(
                    view.id().toString(),
                    view.orderId(),
                    view.customerId(),
                    view.status().name(),
                    view.amountMinor(),
                    view.currency(),
                    view.providerReference(),
                    view.reason(),
                    view.version(),
                    view.updatedAt());
        }

        static PaymentResponse of(Payment payment) {
            return new PaymentResponse(
                    payment.id().toString(),
                    payment.orderId(),
                    payment.customerId(),
                    payment.status().name(),
                    payment.amountMinor(),
                    payment.currency(),
                    payment.providerReference(),
                    payment.reason(),
                    payment.version(),
                    payment.updatedAt());
        }
    }

    record PaymentHistoryResponse(PaymentResponse payment, List<EventResponse> history) {

        static PaymentHistoryResponse of(History history) {
            return new PaymentHistoryResponse(
                    PaymentResponse.of(history.payment()),
                    history.events().stream()
                            .map(e -> new EventResponse(e.version(), e.event().type(), e.occurredAt(), e.event()))
                            .toList());
        }
    }

    record EventResponse(int version, String type, Instant occurredAt, PaymentEvent data) {}
}
