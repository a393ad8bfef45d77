package dev.patternshop.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder, found from the working directory (a module's, under Maven) upwards. */
public final class RepositoryRoot {

    /** The file that marks the root: compose's, whose scripts and images the Testcontainers path shares. */
    public static final String MARKER = "docker-compose.yml";

    private RepositoryRoot() {}

    public static Path find() {
        return from(Path.of("").toAbsolutePath());
    }

    static Path from(Path start) {
        for (Path folder = start.normalize(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve(MARKER))) {
                return folder;
            }
        }
        throw new IllegalStateException("no " + MARKER + " in " + start + " or any folder above it: run the tests"
                + " from inside the Patternshop repository (its root holds " + MARKER + ")");
    }
}
