package dev.patternshop.inventory.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An order's reservation. Its status changes only through the named transitions below; each checks the current status
 * and answers an {@link Outcome} instead of throwing, because every command the saga sends (and re-sends, with a new
 * message id) must get a reply: the same command again is {@code REPEATED}, a contradicting one is {@code REFUSED},
 * and neither changes anything.
 */
public final class Reservation {

    /** The reason a reservation released by the expiry job carries (ReservationReleased.EXPIRED). */
    public static final String EXPIRED = "EXPIRED";

    private final String orderId;
    private final List<ReservationLine> lines;
    private final List<Long> rejectedProductIds;
    private final Instant expiresAt;
    private final Instant createdAt;
    private ReservationStatus status;
    private String reason;
    private Instant updatedAt;

    private Reservation(
            String orderId,
            ReservationStatus status,
            String reason,
            List<ReservationLine> lines,
            List<Long> rejectedProductIds,
            Instant expiresAt,
            Instant createdAt,
            Instant updatedAt) {
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.status = Objects.requireNonNull(status, "status");
        this.reason = reason;
        this.lines = lines.stream()
                .sorted(Comparator.comparingLong(ReservationLine::productId))
                .toList();
        this.rejectedProductIds = List.copyOf(rejectedProductIds);
        this.expiresAt = expiresAt;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /** Every line is held until {@code expiresAt}. */
    public static Reservation reserved(String orderId, List<ReservationLine> lines, Instant expiresAt, Instant at) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reservation holds at least one line");
        }
        return new Reservation(orderId, ReservationStatus.RESERVED, null, lines, List.of(), expiresAt, at, at);
    }

    /** Nothing was reserved: kept, so that the same reserve sent again gets the same answer. */
    public static Reservation rejected(String orderId, ReserveRefusal refusal, List<Long> productIds, Instant at) {
        if (refusal != ReserveRefusal.OUT_OF_STOCK && refusal != ReserveRefusal.UNKNOWN_PRODUCT) {
            throw new IllegalArgumentException("only a refusal about the stock is kept, not " + refusal);
        }
        return new Reservation(
                orderId, ReservationStatus.REJECTED, refusal.name(), List.of(), productIds, null, at, at);
    }

    /** A reservation as it was stored. */
    public static Reservation restore(
            String orderId,
            ReservationStatus status,
            String reason,
            List<ReservationLine> lines,
            List<Long> rejectedProductIds,
            Instant expiresAt,
            Instant createdAt,
            Instant updatedAt) {
        return new Reservation(orderId, status, reason, lines, rejectedProductIds, expiresAt, createdAt, updatedAt);
    }

    /** RESERVED -> COMMITTED: the order is paid, the units leave the stock. */
    public Outcome commit(Instant at) {
        return switch (status) {
            case RESERVED -> move(ReservationStatus.COMMITTED, null, at);
            case COMMITTED -> Outcome.REPEATED;
            case RELEASED -> Outcome.refused(CommandRefusal.RESERVATION_RELEASED);
            case REJECTED -> Outcome.refused(CommandRefusal.RESERVATION_REJECTED);
        };
    }

    /** RESERVED -> RELEASED: the order will not complete, the units return (the saga's compensation). */
    public Outcome release(String why, Instant at) {
        return switch (status) {
            case RESERVED -> move(ReservationStatus.RELEASED, why, at);
            case RELEASED -> Outcome.REPEATED;
            case COMMITTED -> Outcome.refused(CommandRefusal.RESERVATION_COMMITTED);
            case REJECTED -> Outcome.refused(CommandRefusal.RESERVATION_REJECTED);
        };
    }

    /** RESERVED past its deadline -> RELEASED with reason {@value #EXPIRED}; false (nothing changed) otherwise. */
    public boolean expire(Instant now) {
        if (status != ReservationStatus.RESERVED || now.isBefore(expiresAt)) {
            return false;
        }
        move(ReservationStatus.RELEASED, EXPIRED, now);
        return true;
    }

    /**
     * The answer to a reserve for an order that already has this reservation: reserved (even when committed since,
     * the reserve did succeed), the stored refusal, or RESERVATION_ENDED once released. Changes nothing.
     */
    public ReserveRefusal refusalOfAnotherReserve() {
        return switch (status) {
            case RESERVED, COMMITTED -> null;
            case RELEASED -> ReserveRefusal.RESERVATION_ENDED;
            case REJECTED -> ReserveRefusal.valueOf(reason);
        };
    }

    private Outcome move(ReservationStatus to, String why, Instant at) {
        status = to;
        reason = why;
        updatedAt = at;
        return Outcome.APPLIED;
    }

    public String orderId() {
        return orderId;
    }

    public ReservationStatus status() {
        return status;
    }

    /** Why it was released or rejected; null while reserved or once committed. */
    public String reason() {
        return reason;
    }

    /** In product-id order: the order in which their stock rows are locked. */
    public List<ReservationLine> lines() {
        return lines;
    }

    /** The products a rejected reserve could not have (unknown or short); empty otherwise. */
    public List<Long> rejectedProductIds() {
        return rejectedProductIds;
    }

    /** Null for a rejected reserve (it holds nothing). */
    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
