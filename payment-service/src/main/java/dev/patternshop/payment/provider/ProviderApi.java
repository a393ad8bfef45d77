package dev.patternshop.payment.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The provider's own API, in its own words (field names, decimal-string amounts, status words): nothing outside this
 * package sees these types. See PROVIDER.md for the whole API.
 */
final class ProviderApi {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String AUTHORIZATIONS = "/v1/authorizations";
    static final String VOID = "/v1/authorizations/{id}/void";
    static final String REFUNDS = "/v1/refunds";

    private ProviderApi() {}

    /** {@code POST /v1/authorizations}. */
    record AuthorizationRequest(
            @JsonProperty("merchant_reference") String merchantReference,
            @JsonProperty("customer_ref") String customerRef,
            @JsonProperty("amount") String amount,
            @JsonProperty("currency") String currency) {}

    /** {@code POST /v1/authorizations/{id}/void}. */
    record VoidRequest(@JsonProperty("merchant_reference") String merchantReference) {}

    /** {@code POST /v1/refunds}. */
    record RefundRequest(
            @JsonProperty("merchant_reference") String merchantReference,
            @JsonProperty("authorization_id") String authorizationId,
            @JsonProperty("amount") String amount,
            @JsonProperty("currency") String currency) {}

    /** Every answer: its id for the operation, a status word and, when refused, why. Other fields are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(
            @JsonProperty("id") String id,
            @JsonProperty("status") String status,
            @JsonProperty("refusal_code") String refusalCode) {}
}
