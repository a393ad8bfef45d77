package dev.patternshop.servicedefaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.servicedefaults.security.SecuritySettings;
import jakarta.validation.Validation;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The shared settings bind from patternshop-defaults.yml, validated as Boot validates them at start. (Services use
 * test-support's ApplicationSettings for this; test-support depends on this module, so the binding is spelled out.)
 */
class ServiceDefaultsSettingsTest {

    @Test
    void theSharedSettingsBindFromTheDefaultsFile() throws IOException {
        assertThat(bind(HttpSettings.class, "patternshop.http", Map.of()).maxRequestBody())
                .isEqualTo(DataSize.ofKilobytes(64));
        assertThat(bind(SecuritySettings.class, "patternshop.security", Map.of())
                        .jwkSetUri())
                .isEqualTo(URI.create("http://127.0.0.1:8080/.well-known/jwks.json"));
        assertThat(HttpSettings.class).hasAnnotation(Validated.class);
        assertThat(SecuritySettings.class).hasAnnotation(Validated.class);
    }

    @Test
    void aBodyLimitOfNothingOrPastOneArrayIsRefused() {
        for (String limit : new String[] {"0B", "3GB"}) {
            assertThatThrownBy(() -> bind(
                            HttpSettings.class, "patternshop.http", Map.of("patternshop.http.max-request-body", limit)))
                    .hasRootCauseInstanceOf(BindValidationException.class)
                    .rootCause()
                    .hasMessageContaining("max-request-body must be between 1B and 2GB");
        }
    }

    @Test
    void aServiceWithoutAKeySetToTrustIsRefused() {
        assertThatThrownBy(() -> bind(
                        SecuritySettings.class, "patternshop.security", Map.of("patternshop.security.jwk-set-uri", "")))
                .hasRootCauseInstanceOf(BindValidationException.class)
                .rootCause()
                .hasMessageContaining("jwkSetUri");
    }

    private static <T> T bind(Class<T> type, String prefix, Map<String, Object> overrides) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("overrides", overrides));
        new YamlPropertySourceLoader()
                .load("defaults", new ClassPathResource("patternshop-defaults.yml"))
                .forEach(sources::addLast);
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources),
                ApplicationConversionService.getSharedInstance());
        try (var validation = Validation.buildDefaultValidatorFactory()) {
            return binder.bindOrCreate(
                    prefix,
                    Bindable.of(type),
                    new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator())));
        }
    }
}
