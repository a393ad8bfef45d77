package dev.patternshop.testsupport.settings;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * A service's real configuration files, bound the way Boot binds {@code @ConfigurationProperties} records at start
 * (constructor binding, Boot's conversions, placeholders, then Bean Validation), without starting anything:
 *
 * <pre>{@code
 * ApplicationSettings.load("application.yml").bindAll("dev.patternshop.catalog");   // every settings record
 * CacheSettings cache = ApplicationSettings.load("application.yml").bind(CacheSettings.class);
 * assertThatThrownBy(() -> ApplicationSettings.load("application.yml").with("catalog.cache.ttl", "0s")
 *         .bind(CacheSettings.class)).hasMessageContaining("catalog.cache.ttl");
 * }</pre>
 *
 * A file's {@code spring.config.import} of a classpath file is loaded too, ahead of it (as in Boot, the imported
 * file wins). {@link #bind} refuses a record that is not {@code @Validated}: Boot would not check its constraints.
 */
public final class ApplicationSettings {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    private final List<PropertySource<?>> files;
    private final Map<String, Object> overrides = new LinkedHashMap<>();

    private ApplicationSettings(List<PropertySource<?>> files) {
        this.files = files;
    }

    /** A classpath file (e.g. {@code application.yml}) and the classpath files it imports. */
    public static ApplicationSettings load(String classpathFile) {
        List<PropertySource<?>> files = new ArrayList<>();
        read(classpathFile, files);
        return new ApplicationSettings(files);
    }

    /** One value changed, as an environment variable or a command-line argument would change it. */
    public ApplicationSettings with(String name, String value) {
        overrides.put(name, value);
        return this;
    }

    /**
     * Every {@code @ConfigurationProperties} type under the packages, each bound and validated: a settings record
     * added later is covered without a change here, and one that is not {@code @Validated} fails.
     */
    public List<Object> bindAll(String... packages) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Object> bound = new ArrayList<>();
        for (String name : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(name)) {
                bound.add(bind(ClassUtils.resolveClassName(
                        candidate.getBeanClassName(), getClass().getClassLoader())));
            }
        }
        if (bound.isEmpty()) {
            throw new AssertionError("no @ConfigurationProperties types under " + List.of(packages));
        }
        return bound;
    }

    /** The record, bound from its prefix and validated; a missing or invalid value throws {@link BindException}. */
    public <T> T bind(Class<T> settings) {
        ConfigurationProperties properties = settings.getAnnotation(ConfigurationProperties.class);
        if (properties == null) {
            throw new IllegalArgumentException(settings.getName() + " is not @ConfigurationProperties");
        }
        if (!settings.isAnnotationPresent(Validated.class)) {
            throw new AssertionError(settings.getName() + " is not @Validated: Boot would not check its constraints");
        }
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("overrides", overrides));
        files.forEach(sources::addLast);
        // Last, as in Boot: what a file leaves as ${user.home} and the like (the environment is left out on purpose:
        // a variable set on this machine must not decide the test).
        sources.addLast(new PropertiesPropertySource("systemProperties", System.getProperties()));
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources),
                ApplicationConversionService.getSharedInstance());
        String prefix = properties.prefix().isEmpty() ? properties.value() : properties.prefix();
        return binder.bindOrCreate(
                prefix,
                Bindable.of(settings),
                new ValidationBindHandler(new SpringValidatorAdapter(VALIDATION.getValidator())));
    }

    private static void read(String classpathFile, List<PropertySource<?>> files) {
        List<PropertySource<?>> loaded;
        try {
            loaded = new YamlPropertySourceLoader().load(classpathFile, new ClassPathResource(classpathFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathFile, e);
        }
        for (PropertySource<?> file : loaded) {
            Object imports = file.getProperty("spring.config.import");
            if (imports != null) {
                for (String imported : imports.toString().split(",")) {
                    read(imported.trim().replaceFirst("^optional:", "").replaceFirst("^classpath:", ""), files);
                }
            }
        }
        files.addAll(loaded);
    }
}
