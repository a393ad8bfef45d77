package dev.patternshop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductRulesTest {

    private static final Money TEN_EUROS = new Money(1000, "EUR");

    @Test
    void validDraftIsAccepted() {
        ProductDraft draft =
                new ProductDraft("OAK-1", "Oak Lamp", null, "lighting", TEN_EUROS, null, "https://x.dev/a.jpg");

        assertThat(draft.description()).isEmpty();
        assertThat(draft.attributes()).isEmpty();
    }

    @Test
    void negativePriceIsRejected() {
        assertThatThrownBy(() -> new Money(-1, "EUR"))
                .isInstanceOf(InvalidProduct.class)
                .extracting(e -> ((InvalidProduct) e).field())
                .isEqualTo("price.amountMinor");
    }

    @Test
    void priceAboveTheMaximumIsRejected() {
        assertThat(new Money(Money.MAX_AMOUNT_MINOR, "EUR").amountMinor()).isEqualTo(Money.MAX_AMOUNT_MINOR);
        assertThatThrownBy(() -> new Money(Money.MAX_AMOUNT_MINOR + 1, "EUR"))
                .isInstanceOf(InvalidProduct.class)
                .extracting(e -> ((InvalidProduct) e).field())
                .isEqualTo("price.amountMinor");
        assertThatThrownBy(() -> new Money(Long.MAX_VALUE, "EUR")).isInstanceOf(InvalidProduct.class);
    }

    @Test
    void nullOrControlCharacterAttributeIsRejectedNamingAttributes() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("color", null);
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "red");

        for (Map<String, String> attributes : java.util.List.of(
                nullValue,
                nullKey,
                Map.of("color", "re\u0000d"),
                Map.of("", "red"),
                Map.of("color", "r".repeat(ProductDraft.MAX_ATTRIBUTE_VALUE + 1)))) {
            assertThatThrownBy(() -> new ProductDraft("OAK-1", "Oak", "", "lighting", TEN_EUROS, attributes, null))
                    .isInstanceOf(InvalidProduct.class)
                    .extracting(e -> ((InvalidProduct) e).field())
                    .isEqualTo("attributes");
        }
    }

    @Test
    void controlCharactersAreRejectedButADescriptionMayHaveLines() {
        assertThatThrownBy(() -> new ProductDraft("OAK-1", "Oak\u0000", "", "lighting", TEN_EUROS, null, null))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new ProductDraft("OAK-1", "Oak", "a\u0000b", "lighting", TEN_EUROS, null, null))
                .hasMessageContaining("description");
        assertThatThrownBy(() -> new SearchQuery("oak\u0007", 0, 20)).hasMessageContaining("q");

        assertThat(new ProductDraft("OAK-1", "Oak", "line one\nline two\ttabbed", "lighting", TEN_EUROS, null, null)
                        .description())
                .contains("\n");
    }

    @Test
    void unknownCurrencyIsRejected() {
        assertThatThrownBy(() -> new Money(1, "XYZ")).isInstanceOf(InvalidProduct.class);
        assertThatThrownBy(() -> new Money(1, "eur")).isInstanceOf(InvalidProduct.class);
    }

    @Test
    void skuCategoryNameAndImageMustHaveTheirShape() {
        assertThatThrownBy(() -> new ProductDraft("oak 1", "Oak", "", "lighting", TEN_EUROS, null, null))
                .hasMessageContaining("sku");
        assertThatThrownBy(() -> new ProductDraft("OAK-1", " ", "", "lighting", TEN_EUROS, null, null))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new ProductDraft("OAK-1", "Oak", "", "Lighting!", TEN_EUROS, null, null))
                .hasMessageContaining("category");
        assertThatThrownBy(
                        () -> new ProductDraft("OAK-1", "Oak", "", "lighting", TEN_EUROS, null, "javascript:alert(1)"))
                .hasMessageContaining("imageUrl");
    }

    @Test
    void tooManyAttributesAreRejected() {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i <= ProductDraft.MAX_ATTRIBUTES; i++) {
            attributes.put("k" + i, "v");
        }

        assertThatThrownBy(() -> new ProductDraft("OAK-1", "Oak", "", "lighting", TEN_EUROS, attributes, null))
                .hasMessageContaining("attributes");
    }

    @Test
    void sortIsParsedFromAnAllowListOnly() {
        assertThat(ProductQuery.of(null, null, null, "price,desc", 0, 20)).satisfies(q -> {
            assertThat(q.sort()).isEqualTo(ProductQuery.SortField.PRICE);
            assertThat(q.descending()).isTrue();
        });
        assertThat(ProductQuery.of(null, null, null, null, 0, 20).sort()).isEqualTo(ProductQuery.SortField.CREATED_AT);
        assertThatThrownBy(() -> ProductQuery.of(null, null, null, "id;drop table product", 0, 20))
                .hasMessageContaining("sort");
        assertThatThrownBy(() -> ProductQuery.of(null, null, null, "name,up", 0, 20))
                .hasMessageContaining("direction");
    }

    @Test
    void pagesAreCappedInSizeAndDepth() {
        assertThatThrownBy(() -> ProductQuery.of(null, null, null, null, 0, ProductQuery.MAX_PAGE_SIZE + 1))
                .hasMessageContaining("size");
        assertThatThrownBy(() -> ProductQuery.of(null, null, null, null, 101, 100))
                .hasMessageContaining("page");
        assertThat(ProductQuery.of(null, null, null, null, 100, 100).page()).isEqualTo(100);
    }

    @Test
    void etagChangesWithTheVersionOnly() {
        Product v1 = product(1);
        Product v2 = product(2);

        assertThat(v1.etag()).isEqualTo("\"7-1\"").isNotEqualTo(v2.etag());
    }

    private static Product product(long version) {
        return new Product(
                7,
                "OAK-1",
                "Oak",
                "",
                "lighting",
                TEN_EUROS,
                Map.of(),
                null,
                java.time.Instant.EPOCH,
                java.time.Instant.EPOCH,
                version);
    }
}
