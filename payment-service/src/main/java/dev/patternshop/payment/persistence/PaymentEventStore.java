package dev.patternshop.payment.persistence;

import dev.patternshop.payment.domain.ConcurrentAppend;
import dev.patternshop.payment.domain.Payment;
import dev.patternshop.payment.domain.PaymentEvent;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.domain.PaymentStatus;
import dev.patternshop.payment.domain.PaymentView;
import dev.patternshop.payment.domain.RecordedEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payments as streams of events ({@code payment_events}) plus their read model ({@code payments}). {@link #save}
 * appends a payment's pending events after the version it was read at and updates its read-model row, in the
 * caller's transaction; a version already taken is a {@link ConcurrentAppend}, and the caller's transaction must
 * roll back (Postgres has aborted it).
 */
@Repository
public class PaymentEventStore {

    private static final Map<String, Class<? extends PaymentEvent>> TYPES = Map.of(
            PaymentEvent.PaymentInitiated.TYPE, PaymentEvent.PaymentInitiated.class,
            PaymentEvent.PaymentAuthorized.TYPE, PaymentEvent.PaymentAuthorized.class,
            PaymentEvent.PaymentDeclined.TYPE, PaymentEvent.PaymentDeclined.class,
            PaymentEvent.PaymentFailed.TYPE, PaymentEvent.PaymentFailed.class,
            PaymentEvent.PaymentVoided.TYPE, PaymentEvent.PaymentVoided.class,
            PaymentEvent.PaymentRefunded.TYPE, PaymentEvent.PaymentRefunded.class);

    private final JdbcClient database;
    private final JsonMapper json;

    public PaymentEventStore(JdbcClient database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    /** The payment its stream describes, or empty when it has none. */
    public Optional<Payment> load(PaymentId id) {
        List<RecordedEvent> stream = stream(id);
        return stream.isEmpty() ? Optional.empty() : Optional.of(Payment.replay(id, stream));
    }

    /** Every event of the payment, in version order. */
    public List<RecordedEvent> stream(PaymentId id) {
        return database.sql("""
                        select version, type, payload::text as payload, occurred_at from payment_events
                        where payment_id = ? order by version""")
                .param(id.value())
                .query((row, n) -> recorded(id, row))
                .list();
    }

    /**
     * Appends the pending events (versions {@code storedVersion() + 1...}) and writes the read model, or throws
     * {@link ConcurrentAppend} when another writer took one of those versions first.
     */
    public void save(Payment payment) {
        List<RecordedEvent> pending = payment.pending();
        if (pending.isEmpty()) {
            return;
        }
        try {
            for (RecordedEvent recorded : pending) {
                database.sql("""
                                insert into payment_events (payment_id, version, type, payload, occurred_at)
                                values (?, ?, ?, ?::jsonb, ?)""")
                        .params(
                                payment.id().value(),
                                recorded.version(),
                                recorded.event().type(),
                                json.writeValueAsString(recorded.event()),
                                Timestamp.from(recorded.occurredAt()))
                        .update();
            }
        } catch (DuplicateKeyException e) {
            throw new ConcurrentAppend(payment.id(), payment.storedVersion(), e);
        }
        database.sql("""
                        insert into payments (id, order_id, customer_id, status, amount_minor, currency,
                            provider_reference, reason, version, updated_at)
                        values (:id, :orderId, :customerId, :status, :amount, :currency, :reference, :reason,
                            :version, :updatedAt)
                        on conflict (id) do update set status = excluded.status,
                            provider_reference = excluded.provider_reference, reason = excluded.reason,
                            version = excluded.version, updated_at = excluded.updated_at""")
                .param("id", payment.id().value())
                .param("orderId", payment.orderId())
                .param("customerId", payment.customerId())
                .param("status", payment.status().name())
                .param("amount", payment.amountMinor())
                .param("currency", payment.currency())
                .param("reference", payment.providerReference())
                .param("reason", payment.reason())
                .param("version", payment.version())
                .param("updatedAt", Timestamp.from(payment.updatedAt()))
                .update();
        payment.markStored();
    }

    /** The read model's row of the order's payment. */
    public Optional<PaymentView> findByOrder(String orderId) {
        return database.sql("""
                        select id, order_id, customer_id, status, amount_minor, currency, provider_reference,
                            reason, version, updated_at from payments where order_id = ?""").param(orderId).query(PaymentEventStore::view).optional();
    }

    private static PaymentView view(ResultSet row, int n) throws SQLException {
        return new PaymentView(
                new PaymentId(row.getObject("id", UUID.class)),
                row.getString("order_id"),
                row.getString("customer_id"),
                PaymentStatus.valueOf(row.getString("status")),
                row.getLong("amount_minor"),
                row.getString("currency"),
                row.getString("provider_reference"),
                row.getString("reason"),
                row.getInt("version"),
                row.getTimestamp("updated_at").toInstant());
    }

    private RecordedEvent recorded(PaymentId id, ResultSet row) throws SQLException {
        String type = row.getString("type");
        Class<? extends PaymentEvent> contract = TYPES.get(type);
        if (contract == null) {
            throw new IllegalStateException("payment " + id + " has an event of unknown type " + type);
        }
        return new RecordedEvent(
                id,
                row.getInt("version"),
                row.getTimestamp("occurred_at").toInstant(),
                json.readValue(row.getString("payload"), contract));
    }
}
