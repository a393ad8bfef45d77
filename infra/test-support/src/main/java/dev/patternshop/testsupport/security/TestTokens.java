package dev.patternshop.testsupport.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.patternshop.servicedefaults.security.TokenContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Tokens for tests of a service, signed like the gateway's (RS256, {@link TokenContract}) by a key that a
 * small JWKS endpoint on 127.0.0.1 publishes. Every Spring test context points
 * {@code patternshop.security.jwk-set-uri} here ({@link TestTokensContextCustomizerFactory}), so services
 * check test tokens with exactly the code that checks the gateway's.
 */
public final class TestTokens {

    private static final Duration LIFETIME = Duration.ofMinutes(15);
    private static TestTokens shared;

    private final RSAKey key;
    private final RSAKey stranger;
    private final URI jwkSetUri;

    private TestTokens() {
        try {
            this.key =
                    new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            this.stranger = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            this.jwkSetUri = serve(new JWKSet(key.toPublicJWK()).toString());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized TestTokens shared() {
        if (shared == null) {
            shared = new TestTokens();
        }
        return shared;
    }

    public URI jwkSetUri() {
        return jwkSetUri;
    }

    /** A valid token for a customer: subject = customer id, role CUSTOMER. */
    public String customer(String customerId) {
        return sign(
                key, customerId, List.of(TokenContract.CUSTOMER), Instant.now().plus(LIFETIME));
    }

    public String admin(String subject) {
        return sign(key, subject, List.of(TokenContract.ADMIN), Instant.now().plus(LIFETIME));
    }

    /** Signed by the right key, expired {@code ago} ago (more than the validators' 60 s skew to be refused). */
    public String expired(String customerId, Duration ago) {
        return sign(
                key, customerId, List.of(TokenContract.CUSTOMER), Instant.now().minus(ago));
    }

    /** Same key id, same claims, but signed by a key nobody published. */
    public String signedByStranger(String customerId) {
        return sign(
                stranger,
                customerId,
                List.of(TokenContract.CUSTOMER),
                Instant.now().plus(LIFETIME));
    }

    /** {@code "Bearer " + token}, for an Authorization header. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String sign(RSAKey signingKey, String subject, List<String> roles, Instant expiresAt) {
        Instant issuedAt = expiresAt.minus(LIFETIME);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(TokenContract.ISSUER)
                .audience(TokenContract.AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .claim(TokenContract.ROLES_CLAIM, roles)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signingKey.getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static URI serve(String jwks) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            // Daemon threads, no stop: it lives as long as the test JVM (HttpServer.stop in a shutdown hook can
            // hang the JVM's exit).
            server.setExecutor(command -> {
                Thread thread = new Thread(command, "test-jwks");
                thread.setDaemon(true);
                thread.start();
            });
            server.start();
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
