package dev.patternshop.order.domain;

import java.util.List;

/** One page of a listing, newest first. */
public record OrderPage<T>(List<T> items, int page, int size, boolean hasNext) {

    public OrderPage {
        items = List.copyOf(items);
    }
}
