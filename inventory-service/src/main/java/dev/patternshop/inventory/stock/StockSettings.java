package dev.patternshop.inventory.stock;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Stock reads and adjustments ({@code inventory.stock.*}).
 *
 * @param maxBulkIds   ids one {@code GET /products?ids=...} may name: bounds the query and the answer
 * @param maxAvailable the largest available count an admin may set; far below the column's integer range, so a
 *                     count plus what is reserved can never overflow it
 */
@Validated
@ConfigurationProperties("inventory.stock")
public record StockSettings(
        @Min(1) @Max(1000) @DefaultValue("100") int maxBulkIds,
        @Min(1) @Max(100_000_000) @DefaultValue("1000000") int maxAvailable) {}
