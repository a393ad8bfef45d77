package dev.patternshop.inventory.reservation;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.inventory.v1.ReservationReleased;
import dev.patternshop.inventory.domain.Reservation;
import dev.patternshop.inventory.domain.ReservationLine;
import dev.patternshop.inventory.domain.Stock;
import dev.patternshop.inventory.events.InventoryEvents;
import dev.patternshop.inventory.persistence.Reservations;
import dev.patternshop.inventory.persistence.Stocks;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases reservations not committed within {@code inventory.reservations.ttl}: every instance, every
 * {@code expiry-interval}, takes up to {@code expiry-batch} expired reservations per transaction with
 * {@code FOR UPDATE SKIP LOCKED} (two instances split the work; a reservation being committed right now is skipped and
 * its commit decides), returns their units to the stock and appends {@code ReservationReleased(EXPIRED)} per order
 * plus one StockChanged per product. The units of a whole batch are returned product by product in id order, the one
 * lock order every writer keeps.
 */
@Component
public class ReservationExpiry implements SchedulingConfigurer {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationExpiry.class);

    private final Reservations reservations;
    private final Stocks stocks;
    private final InventoryEvents events;
    private final ReservationSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ReservationExpiry(
            Reservations reservations,
            Stocks stocks,
            InventoryEvents events,
            ReservationSettings settings,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.reservations = reservations;
        this.stocks = stocks;
        this.events = events;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::releaseExpired, settings.expiryInterval());
    }

    void releaseExpired() {
        try {
            int released = releaseExpired(now());
            if (released > 0) {
                LOG.info("Released {} expired reservations", released);
            }
        } catch (RuntimeException e) {
            // The next run tries again; what this one released is committed batch by batch.
            LOG.warn("Releasing expired reservations failed: {}", e.toString());
        }
    }

    /** Releases every reservation expired at {@code now}, a batch per transaction; answers how many. */
    public int releaseExpired(Instant now) {
        int total = 0;
        while (true) {
            Integer released = transactions.execute(status -> releaseBatch(now));
            total += released;
            if (released < settings.expiryBatch()) {
                return total;
            }
        }
    }

    private int releaseBatch(Instant now) {
        List<Reservation> expired = reservations.lockExpired(now, settings.expiryBatch());
        Map<Long, Integer> quantities = new TreeMap<>();
        Map<Long, Envelope> causes = new LinkedHashMap<>();
        for (Reservation reservation : expired) {
            if (!reservation.expire(now)) {
                throw new IllegalStateException("reservation " + reservation.orderId() + " is not expired");
            }
            reservations.update(reservation);
            Envelope released = Envelope.first(ReservationReleased.TYPE, reservation.orderId(), now);
            events.reply(
                    reservation.orderId(),
                    released,
                    new ReservationReleased(reservation.orderId(), Reservation.EXPIRED));
            for (ReservationLine line : reservation.lines()) {
                quantities.merge(line.productId(), line.quantity(), Integer::sum);
                causes.putIfAbsent(line.productId(), released);
            }
        }
        quantities.forEach((productId, quantity) -> {
            Stock stock = stocks.release(productId, quantity)
                    .orElseThrow(() -> new IllegalStateException(
                            "the stock of product " + productId + " holds fewer units than its reservations"));
            events.stockChanged(stock, causes.get(productId), now);
        });
        return expired.size();
    }

    /** To the microsecond, as Postgres stores it: a time answered again from the database equals the first answer. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
