package dev.patternshop.order.domain;

/** What one order may hold: bounds that turn an absurd request into a clear 400 instead of a huge order. */
public record OrderLimits(int maxLines, int maxQuantity) {}
