package dev.patternshop.inventory.reservation;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.inventory.v1.CommitReservation;
import dev.patternshop.events.inventory.v1.InventoryCommandRejected;
import dev.patternshop.events.inventory.v1.ReleaseReservation;
import dev.patternshop.events.inventory.v1.ReservationCommitted;
import dev.patternshop.events.inventory.v1.ReservationReleased;
import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.inventory.v1.StockReservationRejected;
import dev.patternshop.events.inventory.v1.StockReserved;
import dev.patternshop.inventory.domain.Allocation;
import dev.patternshop.inventory.domain.CommandRefusal;
import dev.patternshop.inventory.domain.Outcome;
import dev.patternshop.inventory.domain.Reservation;
import dev.patternshop.inventory.domain.ReservationLine;
import dev.patternshop.inventory.domain.ReservationRules;
import dev.patternshop.inventory.domain.ReserveRefusal;
import dev.patternshop.inventory.domain.Stock;
import dev.patternshop.inventory.events.InventoryEvents;
import dev.patternshop.inventory.persistence.Reservations;
import dev.patternshop.inventory.persistence.Stocks;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inventory's commands, one method each: {@code reserve}, {@code commit}, {@code release}. Each runs in ONE
 * transaction (the caller's when one is active: the inbox's, which records the message in the same commit) and, in
 * it, appends its reply to the outbox (key = order id, envelope = {@code incoming.next(...)}) and a StockChanged per
 * product whose stock changed. Every command gets a reply, never an exception for a command that cannot apply:
 *
 * <ul>
 *   <li>reserve: all lines or none ({@link Allocation}); the stock rows are locked in product-id order and changed by
 *       conditional updates, so no interleaving oversells. A reserve for an order that has a reservation answers its
 *       outcome again and reserves nothing.
 *   <li>commit, release: a repeat answers as before; a contradiction (commit after release, release after commit,
 *       no reservation) is an {@link InventoryCommandRejected}. Nothing changes.
 * </ul>
 *
 * The methods return the reply they appended (for tests and logs; the caller needs nothing else).
 */
@Service
public class ReservationCommands {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationCommands.class);
    private static final String UNUSABLE_KEY = "unusable-order-id";

    private final Stocks stocks;
    private final Reservations reservations;
    private final InventoryEvents events;
    private final ReservationSettings settings;
    private final ReservationRules rules;
    private final Clock clock;

    ReservationCommands(
            Stocks stocks,
            Reservations reservations,
            InventoryEvents events,
            ReservationSettings settings,
            Clock clock) {
        this.stocks = stocks;
        this.reservations = reservations;
        this.events = events;
        this.settings = settings;
        this.rules = settings.rules();
        this.clock = clock;
    }

    /** Reserves every line for the order, or none: StockReserved, or StockReservationRejected with the reason. */
    @Transactional
    public Record reserve(ReserveStock command, Envelope incoming) {
        Instant now = now();
        String orderId = command.orderId();
        List<ReservationLine> lines = command.lines().stream()
                .map(line -> new ReservationLine(line.productId(), line.quantity()))
                .toList();
        Optional<String> violation = rules.violation(orderId, lines);
        if (violation.isPresent()) {
            LOG.info("Reserve for order {} rejected: {}", printable(orderId), violation.get());
            return rejected(orderId, ReserveRefusal.INVALID_REQUEST, List.of(), incoming, now);
        }
        if (!reservations.claim(orderId, now)) {
            return answerAgain(reservations.find(orderId).orElseThrow(), incoming, now);
        }
        Map<Long, Stock> locked = stocks.lockInProductOrder(
                lines.stream().map(ReservationLine::productId).toList());
        Allocation allocation = Allocation.decide(lines, locked);
        if (!allocation.granted()) {
            reservations.decide(Reservation.rejected(orderId, allocation.refusal(), allocation.productIds(), now));
            return rejected(orderId, allocation.refusal(), allocation.productIds(), incoming, now);
        }
        Reservation reservation = Reservation.reserved(orderId, lines, now.plus(settings.ttl()), now);
        List<Stock> changed = apply(reservation, stocks::reserve);
        reservations.decide(reservation);
        StockReserved reply = reserved(reservation);
        events.reply(orderId, incoming.next(StockReserved.TYPE, now), reply);
        changed.forEach(stock -> events.stockChanged(stock, incoming, now));
        return reply;
    }

    /** The reserved units leave the stock for good: ReservationCommitted, or InventoryCommandRejected. */
    @Transactional
    public Record commit(CommitReservation command, Envelope incoming) {
        Instant now = now();
        String orderId = command.orderId();
        if (!ReservationRules.isOrderId(orderId)) {
            return refused(orderId, CommitReservation.TYPE, CommandRefusal.INVALID_REQUEST, incoming, now);
        }
        Optional<Reservation> found = reservations.findForUpdate(orderId);
        if (found.isEmpty()) {
            return refused(orderId, CommitReservation.TYPE, CommandRefusal.UNKNOWN_RESERVATION, incoming, now);
        }
        Reservation reservation = found.get();
        Outcome outcome = reservation.commit(now);
        if (outcome.kind() == Outcome.Kind.REFUSED) {
            return refused(orderId, CommitReservation.TYPE, outcome.refusal(), incoming, now);
        }
        List<Stock> changed = List.of();
        if (outcome.kind() == Outcome.Kind.APPLIED) {
            changed = apply(reservation, stocks::commit);
            reservations.update(reservation);
        }
        ReservationCommitted reply = new ReservationCommitted(orderId);
        events.reply(orderId, incoming.next(ReservationCommitted.TYPE, now), reply);
        changed.forEach(stock -> events.stockChanged(stock, incoming, now));
        return reply;
    }

    /** The reserved units return to the stock: ReservationReleased (reason as given), or InventoryCommandRejected. */
    @Transactional
    public Record release(ReleaseReservation command, Envelope incoming) {
        Instant now = now();
        String orderId = command.orderId();
        if (!ReservationRules.isOrderId(orderId) || !ReservationRules.isReason(command.reason())) {
            return refused(orderId, ReleaseReservation.TYPE, CommandRefusal.INVALID_REQUEST, incoming, now);
        }
        Optional<Reservation> found = reservations.findForUpdate(orderId);
        if (found.isEmpty()) {
            return refused(orderId, ReleaseReservation.TYPE, CommandRefusal.UNKNOWN_RESERVATION, incoming, now);
        }
        Reservation reservation = found.get();
        Outcome outcome = reservation.release(command.reason(), now);
        if (outcome.kind() == Outcome.Kind.REFUSED) {
            return refused(orderId, ReleaseReservation.TYPE, outcome.refusal(), incoming, now);
        }
        List<Stock> changed = List.of();
        if (outcome.kind() == Outcome.Kind.APPLIED) {
            changed = apply(reservation, stocks::release);
            reservations.update(reservation);
        }
        // A repeat answers with the reason the reservation was released for (an expiry's EXPIRED, say).
        ReservationReleased reply = new ReservationReleased(orderId, reservation.reason());
        events.reply(orderId, incoming.next(ReservationReleased.TYPE, now), reply);
        changed.forEach(stock -> events.stockChanged(stock, incoming, now));
        return reply;
    }

    /** One conditional update per line, in product-id order; a row that refuses means a broken invariant: roll back. */
    private static List<Stock> apply(Reservation reservation, BiFunction<Long, Integer, Optional<Stock>> change) {
        List<Stock> changed = new ArrayList<>();
        for (ReservationLine line : reservation.lines()) {
            changed.add(change.apply(line.productId(), line.quantity())
                    .orElseThrow(() -> new IllegalStateException("the stock of product " + line.productId()
                            + " does not cover order " + reservation.orderId() + "'s reservation")));
        }
        return changed;
    }

    private Record answerAgain(Reservation existing, Envelope incoming, Instant now) {
        ReserveRefusal refusal = existing.refusalOfAnotherReserve();
        if (refusal != null) {
            return rejected(existing.orderId(), refusal, existing.rejectedProductIds(), incoming, now);
        }
        StockReserved reply = reserved(existing);
        events.reply(existing.orderId(), incoming.next(StockReserved.TYPE, now), reply);
        return reply;
    }

    private static StockReserved reserved(Reservation reservation) {
        return new StockReserved(
                reservation.orderId(),
                reservation.lines().stream()
                        .map(line -> new ReserveStock.Line(line.productId(), line.quantity()))
                        .toList(),
                reservation.expiresAt());
    }

    private Record rejected(
            String orderId, ReserveRefusal refusal, List<Long> productIds, Envelope incoming, Instant now) {
        StockReservationRejected reply = new StockReservationRejected(usable(orderId), refusal.name(), productIds);
        events.reply(key(orderId, incoming), incoming.next(StockReservationRejected.TYPE, now), reply);
        return reply;
    }

    private Record refused(String orderId, String command, CommandRefusal refusal, Envelope incoming, Instant now) {
        InventoryCommandRejected reply = new InventoryCommandRejected(usable(orderId), command, refusal.name());
        events.reply(key(orderId, incoming), incoming.next(InventoryCommandRejected.TYPE, now), reply);
        return reply;
    }

    /**
     * The order id; for a command whose order id is unusable, the envelope's correlation id stands in (the order id in
     * a checkout), or a fixed key when that is unusable too (a key with a NUL cannot even be stored).
     */
    private static String key(String orderId, Envelope incoming) {
        if (ReservationRules.isOrderId(orderId)) {
            return orderId;
        }
        return ReservationRules.isOrderId(incoming.correlationId()) ? incoming.correlationId() : UNUSABLE_KEY;
    }

    /** An unusable order id is not repeated in the reply: it may hold what JSON in Postgres cannot (a NUL). */
    private static String usable(String orderId) {
        return ReservationRules.isOrderId(orderId) ? orderId : null;
    }

    private static String printable(String orderId) {
        return ReservationRules.isOrderId(orderId) ? orderId : "(unusable order id)";
    }

    /** To the microsecond, as Postgres stores it: a time answered again from the database equals the first answer. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
