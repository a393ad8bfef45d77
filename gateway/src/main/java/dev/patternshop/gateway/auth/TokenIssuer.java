package dev.patternshop.gateway.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.patternshop.servicedefaults.security.TokenContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Signs access tokens as {@link TokenContract} describes them: subject = customer id, roles claim, RS256. */
public class TokenIssuer {

    private final NimbusJwtEncoder encoder;
    private final String keyId;
    private final Duration timeToLive;
    private final Clock clock;

    public TokenIssuer(RSAKey signingKey, Duration timeToLive, Clock clock) {
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
        this.keyId = signingKey.getKeyID();
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    public IssuedToken issue(AuthSettings.Account account) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(TokenContract.ISSUER)
                .audience(List.of(TokenContract.AUDIENCE))
                .subject(account.customerId())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(timeToLive))
                .id(UUID.randomUUID().toString())
                .claim(TokenContract.ROLES_CLAIM, account.roles())
                .claim(TokenContract.USERNAME_CLAIM, account.username())
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new IssuedToken(token, timeToLive.toSeconds());
    }

    /** The OAuth 2.0 token response (RFC 6749 section 5.1) without a refresh token. */
    public record IssuedToken(String accessToken, long expiresInSeconds) {}
}
