package dev.patternshop.order.web;

/** An amount as the catalog shows prices: minor units (cents) and an ISO currency. */
public record Money(long amountMinor, String currency) {}
