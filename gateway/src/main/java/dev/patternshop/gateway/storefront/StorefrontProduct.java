package dev.patternshop.gateway.storefront;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A product page's data from two services in one answer. A part that could not be fetched is null and
 * named in {@code missing}, so a client can render what it has and say what it lacks.
 */
public record StorefrontProduct(JsonNode product, JsonNode availability, List<String> missing) {}
