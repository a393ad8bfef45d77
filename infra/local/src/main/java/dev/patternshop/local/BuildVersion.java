package dev.patternshop.local;

import dev.patternshop.infra.embedded.InfrastructureException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version this launcher was built as, which is also every service jar's ({@code <module>-<version>.jar}):
 * the one parent pom gives all modules theirs. Maven writes it into {@code local-runtime-build.properties}
 * (resource filtering), so a release never needs a constant changed here.
 */
final class BuildVersion {

    static final String RESOURCE = "/local-runtime-build.properties";

    private BuildVersion() {}

    static String current() {
        Properties build = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            build.load(in);
        } catch (IOException | NullPointerException e) {
            throw new InfrastructureException(RESOURCE + " is missing from the launcher's class path", e);
        }
        String version = build.getProperty("version", "");
        if (version.isBlank() || version.startsWith("@")) {
            // Classes run straight from an IDE's output, without the Maven build that fills the file in.
            throw new InfrastructureException(RESOURCE + " was not filtered by Maven: build with ./mvnw first");
        }
        return version.strip();
    }
}
