package dev.patternshop.order.web;

import java.util.List;

/** One page of a listing, newest first; {@code hasNext} says whether page + 1 has anything. */
public record OrderPageResponse<T>(List<T> items, int page, int size, boolean hasNext) {}
