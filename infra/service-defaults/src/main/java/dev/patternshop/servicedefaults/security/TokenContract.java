package dev.patternshop.servicedefaults.security;

import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * What a Patternshop access token is, for the gateway that issues it and every service that checks it:
 * an RS256 JWT from {@value #ISSUER} for {@value #AUDIENCE}, whose subject is the customer id and whose
 * {@value #ROLES_CLAIM} claim lists roles ({@code CUSTOMER}, {@code ADMIN}) that become {@code ROLE_*}
 * authorities.
 */
public final class TokenContract {

    public static final String ISSUER = "patternshop-gateway";
    public static final String AUDIENCE = "patternshop";
    public static final String ROLES_CLAIM = "roles";
    public static final String USERNAME_CLAIM = "preferred_username";
    public static final String ADMIN = "ADMIN";
    public static final String CUSTOMER = "CUSTOMER";

    private TokenContract() {}

    /** Signature is checked by the decoder; this adds expiry/not-before (60 s skew), issuer and audience. */
    public static OAuth2TokenValidator<Jwt> validator() {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(ISSUER),
                new JwtClaimValidator<List<String>>(
                        JwtClaimNames.AUD, audience -> audience != null && audience.contains(AUDIENCE)));
    }

    /** The token's subject becomes the principal name; its roles become {@code ROLE_*} authorities. */
    public static JwtAuthenticationConverter authenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }
}
