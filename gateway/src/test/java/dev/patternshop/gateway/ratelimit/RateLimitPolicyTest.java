package dev.patternshop.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** How an algorithm is spelled where other instances and clients read it. */
class RateLimitPolicyTest {

    /**
     * Every gateway instance must count a client in the same Redis key, whatever its default locale. The enum is
     * loaded afresh under a Turkish default, where lower-casing SLIDING_WINDOW by the default locale gives "slıdıng".
     */
    @Test
    void theStoreKeyAndHeaderNameAreTheSameInATurkishLocale() throws Exception {
        Locale before = Locale.getDefault();
        URL classes =
                RateLimitPolicy.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat("SLIDING_WINDOW".toLowerCase())
                    .as("the default locale's spelling")
                    .isEqualTo("slıdıng_wındow");

            Class<?> algorithm = Class.forName(RateLimitPolicy.Algorithm.class.getName(), true, fresh);
            Object slidingWindow = algorithm.getField("SLIDING_WINDOW").get(null);

            assertThat(algorithm.getMethod("storeKey").invoke(slidingWindow)).isEqualTo("sliding_window");
            assertThat(algorithm.getMethod("headerName").invoke(slidingWindow)).isEqualTo("sliding-window");
        } finally {
            Locale.setDefault(before);
        }
    }
}
