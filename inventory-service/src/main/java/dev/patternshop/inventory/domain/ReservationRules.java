package dev.patternshop.inventory.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a command must be before it touches the stock. A broken rule is answered with a rejection naming it, never an
 * exception that would send the message round again.
 *
 * @param maxLines    lines per reservation
 * @param maxQuantity units per line
 */
public record ReservationRules(int maxLines, int maxQuantity) {

    /** Order ids are the order's 64-bit id as a decimal string; letters, '-' and '_' are let through for tests. */
    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private static final int MAX_REASON_LENGTH = 64;

    public ReservationRules {
        if (maxLines < 1 || maxQuantity < 1) {
            throw new IllegalArgumentException("a reservation allows at least one line of one unit");
        }
    }

    public static boolean isOrderId(String orderId) {
        return orderId != null && ORDER_ID.matcher(orderId).matches();
    }

    /** A release's reason is stored and repeated in ReservationReleased: a short code, printable, or none. */
    public static boolean isReason(String reason) {
        return reason == null
                || (reason.length() <= MAX_REASON_LENGTH && reason.chars().noneMatch(c -> Character.isISOControl(c)));
    }

    /** The first broken rule of a reserve, in words, or empty when it may be tried against the stock. */
    public Optional<String> violation(String orderId, List<ReservationLine> lines) {
        if (!isOrderId(orderId)) {
            return Optional.of("the order id must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (lines == null || lines.isEmpty()) {
            return Optional.of("a reservation needs at least one line");
        }
        if (lines.size() > maxLines) {
            return Optional.of("a reservation has at most " + maxLines + " lines");
        }
        Set<Long> products = new HashSet<>();
        for (ReservationLine line : lines) {
            if (line == null || line.productId() < 1) {
                return Optional.of("every line names a positive product id");
            }
            if (line.quantity() < 1 || line.quantity() > maxQuantity) {
                return Optional.of("every quantity is between 1 and " + maxQuantity);
            }
            if (!products.add(line.productId())) {
                return Optional.of("product " + line.productId() + " is listed twice");
            }
        }
        return Optional.empty();
    }
}
