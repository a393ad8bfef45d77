package dev.patternshop.servicedefaults.security;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service checks callers: the JWKS it trusts (the gateway's {@code /.well-known/jwks.json}) and the
 * paths anyone may read without a token (GET and HEAD only; e.g. the catalog's products).
 */
@ConfigurationProperties("patternshop.security")
public record SecuritySettings(URI jwkSetUri, List<String> publicReadPaths) {

    public SecuritySettings {
        if (jwkSetUri == null) {
            throw new IllegalArgumentException("patternshop.security.jwk-set-uri is required");
        }
        publicReadPaths = publicReadPaths == null ? List.of() : List.copyOf(publicReadPaths);
    }
}
