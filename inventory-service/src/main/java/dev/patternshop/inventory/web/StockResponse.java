package dev.patternshop.inventory.web;

import dev.patternshop.inventory.domain.Stock;

/** A product's stock as the API shows it. */
record StockResponse(long productId, int available, int reserved, long version) {

    static StockResponse of(Stock stock) {
        return new StockResponse(stock.productId(), stock.available(), stock.reserved(), stock.version());
    }
}
