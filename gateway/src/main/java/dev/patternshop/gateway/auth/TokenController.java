package dev.patternshop.gateway.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.patternshop.gateway.ratelimit.AccountLockout;
import dev.patternshop.servicedefaults.ProblemJson;
import dev.patternshop.servicedefaults.RetryAfter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /auth/token} trades a demo user's name and password (JSON or an HTML form) for an access token;
 * {@code GET /.well-known/jwks.json} publishes the public half of the signing key, which the services use to
 * check tokens themselves.
 */
@Tag(name = "auth", description = "Tokens for the demo users, and the public key every service checks them with.")
@RestController
class TokenController {

    private static final int MAX_FIELD_LENGTH = 200;
    private static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

    private final Accounts accounts;
    private final AccountLockout lockout;
    private final TokenIssuer issuer;
    private final Map<String, Object> publicJwks;

    TokenController(Accounts accounts, AccountLockout lockout, TokenIssuer issuer, RSAKey signingKey) {
        this.accounts = accounts;
        this.lockout = lockout;
        this.issuer = issuer;
        this.publicJwks = new JWKSet(signingKey.toPublicJWK()).toJSONObject();
    }

    @Operation(summary = "A 15-minute RS256 access token for a demo user (JSON or form).")
    @PostMapping(path = "/auth/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> tokenForJson(@RequestBody Credentials credentials) {
        return token(credentials.username(), credentials.password());
    }

    @PostMapping(path = "/auth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<?>> tokenForForm(ServerWebExchange exchange) {
        return exchange.getFormData()
                .flatMap((MultiValueMap<String, String> form) ->
                        token(form.getFirst("username"), form.getFirst("password")));
    }

    @Operation(summary = "The public key that signs the tokens (JWKS).")
    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(JWKS_MAX_AGE).cachePublic())
                .body(publicJwks);
    }

    private Mono<ResponseEntity<?>> token(String username, String password) {
        if (!present(username) || !present(password)) {
            return Mono.just(problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "username and password are required (at most " + MAX_FIELD_LENGTH + " characters each)."));
        }
        if (!accounts.exists(username)) {
            return checkPassword(username, password);
        }
        return lockout.remainingLock(username)
                .flatMap(locked -> locked.isZero()
                        ? checkPassword(username, password)
                                .flatMap(answer -> (answer.getStatusCode().is2xxSuccessful()
                                                ? lockout.recordSuccess(username)
                                                : lockout.recordFailure(username))
                                        .thenReturn(answer))
                        : Mono.just(locked(locked)));
    }

    private Mono<ResponseEntity<?>> checkPassword(String username, String password) {
        // bcrypt is slow on purpose: never on the event loop.
        return Mono.fromCallable(() -> accounts.authenticate(username, password))
                .subscribeOn(Schedulers.boundedElastic())
                .map((Optional<AuthSettings.Account> account) -> account.<ResponseEntity<?>>map(this::issued)
                        .orElseGet(() -> problem(
                                HttpStatus.UNAUTHORIZED, "invalid-credentials", "Unknown user or wrong password.")));
    }

    /** 429 like the other login limit; the account is named by the client already, so saying "locked" tells nothing new. */
    private static ResponseEntity<?> locked(Duration remaining) {
        long seconds = RetryAfter.seconds(remaining);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemJson.problem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "account-locked",
                        "Too many failed logins for this account; try again in " + seconds + " s."));
    }

    private ResponseEntity<TokenResponse> issued(AuthSettings.Account account) {
        TokenIssuer.IssuedToken token = issuer.issue(account);
        // RFC 6749 5.1: token responses must not be cached.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.PRAGMA, "no-cache")
                .body(new TokenResponse(token.accessToken(), "Bearer", token.expiresInSeconds()));
    }

    private static boolean present(String field) {
        return field != null && !field.isBlank() && field.length() <= MAX_FIELD_LENGTH;
    }

    private static ResponseEntity<?> problem(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemJson.problem(status, type, detail));
    }

    record Credentials(String username, String password) {}

    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn) {}
}
