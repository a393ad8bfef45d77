package dev.patternshop.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the edge authenticates: the demo accounts it can issue tokens for (bcrypt hashes, never passwords),
 * how long a token lives, where its signing key is kept, which paths anyone may read, and which request
 * headers claim an identity and so are never trusted from a client.
 */
@ConfigurationProperties("gateway.auth")
public record AuthSettings(Duration tokenTimeToLive, Path signingKeyFile, List<String> publicReadPaths,
                           List<String> untrustedRequestHeaders, List<Account> accounts) {

    public AuthSettings {
        if (tokenTimeToLive == null || tokenTimeToLive.isNegative() || tokenTimeToLive.isZero()) {
            throw new IllegalArgumentException("gateway.auth.token-time-to-live must be positive");
        }
        if (signingKeyFile == null) {
            throw new IllegalArgumentException("gateway.auth.signing-key-file is required");
        }
        if (publicReadPaths == null || publicReadPaths.isEmpty()) {
            // An empty list would be an error deep inside Spring Security; say what is wrong instead.
            throw new IllegalArgumentException("gateway.auth.public-read-paths needs at least one path (e.g. /api/catalog/**)");
        }
        publicReadPaths = List.copyOf(publicReadPaths);
        untrustedRequestHeaders = untrustedRequestHeaders == null ? List.of() : List.copyOf(untrustedRequestHeaders);
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /** A user who may log in. The token's subject is {@code customerId}, never the login name. */
    public record Account(String username, String passwordHash, String customerId, List<String> roles) {

        public Account {
            if (username == null || passwordHash == null || customerId == null || roles == null || roles.isEmpty()) {
                throw new IllegalArgumentException("gateway.auth.accounts: username, password-hash, customer-id and "
                        + "roles are required");
            }
            roles = List.copyOf(roles);
        }
    }
}
