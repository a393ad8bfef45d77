package dev.patternshop.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import dev.patternshop.gateway.auth.AuthSettings;
import dev.patternshop.gateway.auth.SigningKeyStore;
import dev.patternshop.gateway.auth.TokenIssuer;
import dev.patternshop.servicedefaults.security.CachingJwtDecoder;
import dev.patternshop.servicedefaults.security.TokenContract;
import dev.patternshop.servicedefaults.security.VerifiedTokenCache;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

/**
 * Access tokens, end to end on the production code: the gateway's key ({@link SigningKeyStore}, RSA 2048) and
 * {@link TokenIssuer} sign RS256 tokens for several customers; a service verifies them with the decoder that
 * service-defaults' {@code ResourceServerAutoConfiguration} builds (JWKS fetched over HTTP from a loopback endpoint,
 * then cached; RS256 only; {@link TokenContract#validator()}), and the gateway with the one {@code
 * EdgeSecurityConfiguration} builds (its own public key, no JWKS). Both decoders are built the way those
 * configurations build them: their bean methods are not public, so the few builder lines are repeated here.
 * {@code verifyRememberedToken} is what most requests cost since each token's signature is verified once while it is
 * valid ({@link VerifiedTokenCache}, as both configurations wrap their decoder).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class TokenBenchmark {

    private static final int CUSTOMERS = 64;
    /** Long enough for any run: an expired token would fail the validator. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private Path keyDirectory;
    private HttpServer jwks;
    private TokenIssuer issuer;
    private AuthSettings.Account[] accounts;
    private String[] tokens;
    private NimbusJwtDecoder serviceDecoder;
    private NimbusReactiveJwtDecoder gatewayDecoder;
    private CachingJwtDecoder cachingServiceDecoder;

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int next(int size) {
            return (next++ & Integer.MAX_VALUE) % size;
        }
    }

    @Setup
    public void setUp() throws IOException, JOSEException {
        keyDirectory = Files.createTempDirectory("jmh-signing-key");
        RSAKey signingKey = SigningKeyStore.loadOrCreate(keyDirectory.resolve("signing-key.json"));
        issuer = new TokenIssuer(signingKey, TOKEN_LIFETIME, Clock.systemUTC());
        accounts = new AuthSettings.Account[CUSTOMERS];
        tokens = new String[CUSTOMERS];
        for (int i = 0; i < CUSTOMERS; i++) {
            List<String> roles = i == 0 ? List.of(TokenContract.ADMIN) : List.of(TokenContract.CUSTOMER);
            accounts[i] = new AuthSettings.Account(
                    "customer" + i, "{noop}unused", UUID.randomUUID().toString(), roles);
            tokens[i] = issuer.issue(accounts[i]).accessToken();
        }

        jwks = serveJwks(new JWKSet(signingKey.toPublicJWK()).toString());
        String jwkSetUri = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json";
        // As ResourceServerAutoConfiguration.jwtDecoder (infra/service-defaults).
        serviceDecoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        serviceDecoder.setJwtValidator(TokenContract.validator());
        // As EdgeSecurityConfiguration.jwtDecoder (gateway).
        gatewayDecoder = NimbusReactiveJwtDecoder.withPublicKey(signingKey.toRSAPublicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        gatewayDecoder.setJwtValidator(TokenContract.validator());

        // As ResourceServerAutoConfiguration wraps it: each token's signature verified once while it is valid.
        cachingServiceDecoder = new CachingJwtDecoder(
                serviceDecoder, new VerifiedTokenCache(10_000, TokenContract.validator(), Clock.systemUTC()));

        for (String token : tokens) {
            cachingServiceDecoder.decode(token);
            // Fails the setup rather than measuring refusals; the first call also fetches the JWKS.
            if (!serviceDecoder
                    .decode(token)
                    .getSubject()
                    .equals(gatewayDecoder.decode(token).block().getSubject())) {
                throw new IllegalStateException("the decoders disagree");
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        jwks.stop(0);
        try (Stream<Path> files = Files.walk(keyDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** The gateway signs a token at login (POST /auth/token, after the password check). */
    @Benchmark
    public String issueAtGateway(Cursor cursor) {
        return issuer.issue(accounts[cursor.next(CUSTOMERS)]).accessToken();
    }

    /** The gateway checks a bearer token on every authenticated request. */
    @Benchmark
    public Jwt verifyAtGateway(Cursor cursor) {
        return gatewayDecoder.decode(tokens[cursor.next(CUSTOMERS)]).block();
    }

    /** Each service checks the same token again (JWKS cached after the first request). */
    @Benchmark
    public Jwt verifyAtService(Cursor cursor) {
        return serviceDecoder.decode(tokens[cursor.next(CUSTOMERS)]);
    }

    /**
     * What a request costs once its token was verified before: the cache's lookup and the time rules checked again
     * (expiry, issuer, audience), no signature.
     */
    @Benchmark
    public Jwt verifyRememberedToken(Cursor cursor) {
        return cachingServiceDecoder.decode(tokens[cursor.next(CUSTOMERS)]);
    }

    private static HttpServer serveJwks(String json) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
