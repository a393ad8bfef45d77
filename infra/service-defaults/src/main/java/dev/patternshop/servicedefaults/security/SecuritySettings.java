package dev.patternshop.servicedefaults.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How a service checks callers: the JWKS it trusts (the gateway's {@code /.well-known/jwks.json}), the
 * paths anyone may read without a token (GET and HEAD only; e.g. the catalog's products), and how many verified
 * tokens it keeps so that a token's signature is checked once, not on every request ({@link VerifiedTokenCache};
 * 0 turns that off).
 */
@Validated
@ConfigurationProperties("patternshop.security")
public record SecuritySettings(
        @NotNull URI jwkSetUri,
        List<@NotBlank String> publicReadPaths,
        @PositiveOrZero int verifiedTokenCacheSize) {

    public SecuritySettings {
        publicReadPaths = publicReadPaths == null ? List.of() : List.copyOf(publicReadPaths);
    }
}
