package dev.patternshop.servicedefaults.openapi;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What a component says about its API in its description ({@code /v3/api-docs}): a version and a sentence or two
 * (each service's {@code application.yml}), and the paths anyone may call without a token at all (the gateway's
 * own endpoints; a service's public reads come from {@code patternshop.security.public-read-paths}).
 */
@Validated
@ConfigurationProperties("patternshop.openapi")
public record OpenApiSettings(@NotBlank String version, String description, List<@NotBlank String> publicPaths) {

    public OpenApiSettings {
        version = version == null ? "0.1.0" : version;
        description = description == null ? "" : description;
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
