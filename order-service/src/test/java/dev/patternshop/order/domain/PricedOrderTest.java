package dev.patternshop.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pricing a request from the catalog's answer: exact totals, and a clear rejection when they do not fit. */
class PricedOrderTest {

    private static final String CUSTOMER = "customer-1";

    @Test
    void linesAndTotalComeFromTheCatalogPrices() {
        PricedOrder priced = PricedOrder.of(request(1, 3, 2, 1), Map.of(1L, product(1, 250), 2L, product(2, 1_000)));

        assertThat(priced.totalMinor()).isEqualTo(3 * 250 + 1_000);
        assertThat(priced.lines()).extracting(OrderLine::totalMinor).containsExactly(750L, 1_000L);
    }

    @Test
    void aLineWhosePriceTimesQuantityOverflowsIsRefusedAsInvalidNotWrapped() {
        long absurdPrice = Long.MAX_VALUE / 2;

        assertThatThrownBy(() -> PricedOrder.of(request(7, 3), Map.of(7L, product(7, absurdPrice))))
                .isInstanceOf(InvalidOrder.class)
                .isInstanceOf(OrderTotalTooLarge.class)
                .satisfies(e -> assertThat(((InvalidOrder) e).field()).isEqualTo("items[0].quantity"));
    }

    @Test
    void anOrderTotalThatOverflowsIsRefusedEvenWhenEveryLineFits() {
        long absurdPrice = Long.MAX_VALUE / 2 + 1;

        assertThatThrownBy(() -> PricedOrder.of(
                        request(1, 1, 2, 1), Map.of(1L, product(1, absurdPrice), 2L, product(2, absurdPrice))))
                .isInstanceOf(OrderTotalTooLarge.class)
                .satisfies(e -> assertThat(((InvalidOrder) e).field()).isEqualTo("items[1].quantity"));
    }

    private static PlaceOrder request(long... productAndQuantity) {
        List<PlaceOrder.Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            items.add(new PlaceOrder.Item(productAndQuantity[i], (int) productAndQuantity[i + 1]));
        }
        return new PlaceOrder(CUSTOMER, items);
    }

    private static ProductPrices.PricedProduct product(long id, long priceMinor) {
        return new ProductPrices.PricedProduct(id, "SKU-" + id, "Product " + id, priceMinor, "EUR");
    }
}
