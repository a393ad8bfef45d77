package dev.patternshop.order.order;

/** Where an order is in its life. Placing stores it PENDING; the saga (a later step) moves it on. */
public enum OrderStatus {
    PENDING, CONFIRMED, CANCELLED
}
