package dev.patternshop.testsupport.security;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Makes every service under test trust {@link TestTokens} (and only them). */
class TestTokensContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return new TrustTestTokens();
    }

    /** A record without state: equal in every test class, so contexts stay cached. */
    record TrustTestTokens() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "testTokens",
                            Map.of(
                                    "patternshop.security.jwk-set-uri",
                                    TestTokens.shared().jwkSetUri().toString())));
        }
    }
}
