package dev.patternshop.payment.payments;

import dev.patternshop.payment.domain.Payment;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.domain.PaymentNotFound;
import dev.patternshop.payment.domain.PaymentRules;
import dev.patternshop.payment.domain.PaymentView;
import dev.patternshop.payment.domain.RecordedEvent;
import dev.patternshop.payment.persistence.PaymentEventStore;
import dev.patternshop.servicedefaults.InvalidRequest;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Reading payments, for their customer or an admin; anyone else's is "not found", the same answer as an id that does
 * not exist. By id: the stream is replayed (the state and its whole history, always current). By order: the read
 * model (one indexed row, no replay).
 */
@Service
public class PaymentQueries {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final PaymentEventStore store;

    PaymentQueries(PaymentEventStore store) {
        this.store = store;
    }

    /** The payment with its history, if the caller may see it. */
    public History history(String id, Caller caller) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw new InvalidRequest("id", "must be a payment id (a UUID)");
        }
        PaymentId paymentId = new PaymentId(UUID.fromString(id));
        List<RecordedEvent> stream = store.stream(paymentId);
        if (stream.isEmpty()) {
            throw new PaymentNotFound();
        }
        Payment payment = Payment.replay(paymentId, stream);
        if (!caller.maySee(payment.customerId())) {
            throw new PaymentNotFound();
        }
        return new History(payment, stream);
    }

    /** The order's payment as the read model holds it, if the caller may see it. */
    public PaymentView ofOrder(String orderId, Caller caller) {
        if (!PaymentRules.isOrderId(orderId)) {
            throw new InvalidRequest("orderId", "is required: 1 to 64 letters, digits, '-' or '_'");
        }
        return store.findByOrder(orderId)
                .filter(view -> caller.maySee(view.customerId()))
                .orElseThrow(PaymentNotFound::new);
    }

    /** Who asks: the token's subject (a customer id) and whether it is an admin. */
    public record Caller(String subject, boolean admin) {

        boolean maySee(String customerId) {
            return admin || customerId.equals(subject);
        }
    }

    /** A payment as its events make it, and those events. */
    public record History(Payment payment, List<RecordedEvent> events) {}
}
