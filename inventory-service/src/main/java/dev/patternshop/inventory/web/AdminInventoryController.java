package dev.patternshop.inventory.web;

import dev.patternshop.inventory.domain.Reservation;
import dev.patternshop.inventory.domain.Stock;
import dev.patternshop.inventory.reservation.ReservationQueries;
import dev.patternshop.inventory.stock.StockLevels;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * ADMIN only (service-defaults' resource server guards {@code /admin/**}). {@code PUT /admin/products/{id}/stock}
 * with {@code {"available": n, "version": v}} sets the available count if the stock is still at version v (else 409:
 * read it again); it appends StockChanged. {@code GET /admin/reservations/{orderId}} shows an order's reservation.
 */
@Tag(name = "admin", description = "ADMIN: set a product's stock (version check), read an order's reservation.")
@RestController
@RequestMapping("/admin")
class AdminInventoryController {

    private final StockLevels levels;
    private final ReservationQueries reservations;

    AdminInventoryController(StockLevels levels, ReservationQueries reservations) {
        this.levels = levels;
        this.reservations = reservations;
    }

    @PutMapping("/products/{id}/stock")
    ResponseEntity<StockResponse> adjust(@PathVariable long id, @RequestBody StockRequest request) {
        Stock adjusted = levels.adjust(id, request.available(), request.version());
        return ResponseEntity.ok().eTag(adjusted.etag()).body(StockResponse.of(adjusted));
    }

    @GetMapping("/reservations/{orderId}")
    ReservationResponse reservation(@PathVariable String orderId) {
        return ReservationResponse.of(reservations.find(orderId));
    }

    /** Boxed, so that a missing field is named (400) rather than read as 0. */
    record StockRequest(Integer available, Long version) {}

    record ReservationResponse(
            String orderId,
            String status,
            String reason,
            List<Line> lines,
            List<Long> rejectedProductIds,
            Instant expiresAt,
            Instant createdAt,
            Instant updatedAt) {

        static ReservationResponse of(Reservation reservation) {
            return new ReservationResponse(
                    reservation.orderId(),
                    reservation.status().name(),
                    reservation.reason(),
                    reservation.lines().stream()
                            .map(line -> new Line(line.productId(), line.quantity()))
                            .toList(),
                    reservation.rejectedProductIds(),
                    reservation.expiresAt(),
                    reservation.createdAt(),
                    reservation.updatedAt());
        }
    }

    record Line(long productId, int quantity) {}
}
