package dev.patternshop.gateway;

import dev.patternshop.gateway.auth.AuthSettings;
import dev.patternshop.gateway.auth.SigningKeyStore;
import dev.patternshop.gateway.auth.TokenIssuer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Tokens signed with the test gateway's own key (config/application.yml) but issued in the past. */
final class GatewayTokens {

    static final Path TEST_SIGNING_KEY = Path.of("target/test-signing-key.json");

    private GatewayTokens() {}

    /** A valid token of a demo customer, without a login (tests that drain the login limit still have one). */
    static String valid(String username, String customerId) {
        TokenIssuer issuer = new TokenIssuer(
                SigningKeyStore.loadOrCreate(TEST_SIGNING_KEY), Duration.ofMinutes(15), Clock.systemUTC());
        return issuer.issue(new AuthSettings.Account(username, "unused", customerId, List.of("CUSTOMER")))
                .accessToken();
    }

    /** A customer's token that expired {@code ago} ago (15 minutes' life). */
    static String expired(String customerId, Duration ago) {
        Duration lifetime = Duration.ofMinutes(15);
        Clock past = Clock.fixed(Instant.now().minus(ago).minus(lifetime), ZoneOffset.UTC);
        TokenIssuer issuer = new TokenIssuer(SigningKeyStore.loadOrCreate(TEST_SIGNING_KEY), lifetime, past);
        return issuer.issue(new AuthSettings.Account("alice", "unused", customerId, List.of("CUSTOMER")))
                .accessToken();
    }
}
