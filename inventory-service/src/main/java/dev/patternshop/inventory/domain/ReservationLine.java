package dev.patternshop.inventory.domain;

/** Units of one product held for an order. */
public record ReservationLine(long productId, int quantity) {}
