package dev.patternshop.servicedefaults.openapi;

import dev.patternshop.servicedefaults.security.SecuritySettings;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Every component's API description (springdoc, at {@code /v3/api-docs}) starts the same way: named after the
 * application, the gateway's bearer token, problem+json errors ({@link ApiDescription}). Springdoc infers the
 * paths; the server it advertises follows the request, so through the gateway (which sends X-Forwarded-Prefix,
 * Host and Proto) it is the gateway's {@code /api/<service>}, and "Try it out" goes through the gateway.
 */
@AutoConfiguration
@ConditionalOnClass({OpenAPI.class, OpenApiCustomizer.class})
@ConditionalOnBooleanProperty(name = "springdoc.api-docs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OpenApiSettings.class)
public class OpenApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenAPI apiDescription(Environment environment, OpenApiSettings settings) {
        return ApiDescription.base(environment.getProperty("spring.application.name", "application"), settings);
    }

    /** A service's public reads are its security rules' (present in MVC services only). */
    @Bean
    OpenApiCustomizer problemAndSecurityDescription(
            OpenApiSettings settings, ObjectProvider<SecuritySettings> security) {
        List<String> publicReads =
                security.stream().flatMap(s -> s.publicReadPaths().stream()).toList();
        ApiDescription description = new ApiDescription(settings.publicPaths(), publicReads);
        return description::describeOperations;
    }
}
