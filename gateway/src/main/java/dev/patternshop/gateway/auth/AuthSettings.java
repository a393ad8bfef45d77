package dev.patternshop.gateway.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the edge authenticates: the demo accounts it can issue tokens for (bcrypt hashes, never passwords),
 * how long a token lives, where its signing key is kept, which paths anyone may read, and which request
 * headers claim an identity and so are never trusted from a client.
 *
 * @param publicReadPaths at least one: an empty list would be an error deep inside Spring Security
 * @param verifiedTokenCacheSize how many verified tokens the edge keeps until they expire, so that a token's
 *     signature is checked once (VerifiedTokenCache); 0 turns that off
 */
@Validated
@ConfigurationProperties("gateway.auth")
public record AuthSettings(
        @NotNull @DurationMin(seconds = 1) Duration tokenTimeToLive,
        @NotNull Path signingKeyFile,

        @NotEmpty(message = "needs at least one path (e.g. /api/catalog/**)")
        List<@NotBlank String> publicReadPaths,

        List<@NotBlank String> untrustedRequestHeaders,
        List<@Valid Account> accounts,
        @PositiveOrZero int verifiedTokenCacheSize) {

    public AuthSettings {
        publicReadPaths = publicReadPaths == null ? List.of() : List.copyOf(publicReadPaths);
        untrustedRequestHeaders = untrustedRequestHeaders == null ? List.of() : List.copyOf(untrustedRequestHeaders);
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /** A user who may log in. The token's subject is {@code customerId}, never the login name. */
    public record Account(
            @NotBlank String username,
            @NotBlank String passwordHash,
            @NotBlank String customerId,
            @NotEmpty List<@NotBlank String> roles) {

        public Account {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
