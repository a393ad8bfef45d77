package dev.patternshop.inventory.persistence;

import dev.patternshop.inventory.domain.Reservation;
import dev.patternshop.inventory.domain.ReservationLine;
import dev.patternshop.inventory.domain.ReservationStatus;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reservation and reservation_line tables: one reservation per order, keyed by the order id. */
@Repository
public class Reservations {

    private static final String COLUMNS =
            "order_id, status, reason, rejected_product_ids, expires_at, created_at, updated_at";

    private final JdbcClient database;

    public Reservations(JdbcClient database) {
        this.database = database;
    }

    /**
     * Claims the order id for a reserve that is about to be decided, or answers false when the order has a
     * reservation already. A concurrent claim of the same id waits here until the first one's transaction ends: the
     * same reserve handled twice at once (two instances, two message ids) is decided once.
     */
    public boolean claim(String orderId, Instant at) {
        return database.sql("""
                        insert into reservation (order_id, status, expires_at, created_at, updated_at)
                        values (:orderId, 'RESERVED', :at, :at, :at)
                        on conflict (order_id) do nothing""")
                        .param("orderId", orderId)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** Writes the decision on a claimed order id: its status and, for a reservation, its lines. */
    public void decide(Reservation reservation) {
        update(reservation);
        for (ReservationLine line : reservation.lines()) {
            database.sql("insert into reservation_line (order_id, product_id, quantity) values (?, ?, ?)")
                    .params(reservation.orderId(), line.productId(), line.quantity())
                    .update();
        }
    }

    /** Writes a transition (status, reason, updated-at); lines never change. */
    public void update(Reservation reservation) {
        database.sql("""
                        update reservation set status = :status, reason = :reason,
                            rejected_product_ids = :rejected, expires_at = :expiresAt, updated_at = :updatedAt
                        where order_id = :orderId""")
                .param("status", reservation.status().name())
                .param("reason", reservation.reason())
                .param("rejected", reservation.rejectedProductIds().toArray(Long[]::new))
                .param("expiresAt", timestamp(reservation.expiresAt()))
                .param("updatedAt", Timestamp.from(reservation.updatedAt()))
                .param("orderId", reservation.orderId())
                .update();
    }

    public Optional<Reservation> find(String orderId) {
        return one("select " + COLUMNS + " from reservation where order_id = ?", orderId);
    }

    /** The reservation with its row locked until the transaction ends: commit, release and expiry serialize here. */
    public Optional<Reservation> findForUpdate(String orderId) {
        return one("select " + COLUMNS + " from reservation where order_id = ? for update", orderId);
    }

    /**
     * Up to {@code limit} reservations still RESERVED past their deadline, locked; rows another transaction holds
     * (another instance's expiry, a commit in flight) are skipped, so instances split the work without waiting.
     */
    public List<Reservation> lockExpired(Instant now, int limit) {
        List<Header> headers = database.sql("select " + COLUMNS + """
                         from reservation where status = 'RESERVED' and expires_at <= ?
                        order by expires_at limit ? for update skip locked""")
                .params(Timestamp.from(now), limit)
                .query(Reservations::header)
                .list();
        return withLines(headers);
    }

    private Optional<Reservation> one(String sql, String orderId) {
        List<Header> headers =
                database.sql(sql).param(orderId).query(Reservations::header).list();
        return withLines(headers).stream().findFirst();
    }

    private List<Reservation> withLines(List<Header> headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        Map<String, List<ReservationLine>> lines = new LinkedHashMap<>();
        headers.forEach(header -> lines.put(header.orderId(), new ArrayList<>()));
        database.sql("select order_id, product_id, quantity from reservation_line where order_id = any(?)")
                .param(lines.keySet().toArray(String[]::new))
                .query((row, n) -> {
                    lines.get(row.getString("order_id"))
                            .add(new ReservationLine(row.getLong("product_id"), row.getInt("quantity")));
                    return null;
                })
                .list();
        return headers.stream()
                .map(h -> Reservation.restore(
                        h.orderId(),
                        h.status(),
                        h.reason(),
                        lines.get(h.orderId()),
                        h.rejectedProductIds(),
                        h.expiresAt(),
                        h.createdAt(),
                        h.updatedAt()))
                .toList();
    }

    private record Header(
            String orderId,
            ReservationStatus status,
            String reason,
            List<Long> rejectedProductIds,
            Instant expiresAt,
            Instant createdAt,
            Instant updatedAt) {}

    private static Header header(ResultSet row, int number) throws SQLException {
        Array rejected = row.getArray("rejected_product_ids");
        Timestamp expiresAt = row.getTimestamp("expires_at");
        return new Header(
                row.getString("order_id"),
                ReservationStatus.valueOf(row.getString("status")),
                row.getString("reason"),
                Arrays.asList((Long[]) rejected.getArray()),
                expiresAt == null ? null : expiresAt.toInstant(),
                row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("updated_at").toInstant());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
