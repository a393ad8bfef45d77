package dev.patternshop.infra.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;

/** Folders this project writes and removes again: data, staged binaries, extracted applications. */
public final class FileTrees {

    private FileTrees() {}

    /** Deletes {@code root} and all it holds; nothing if it does not exist. A symbolic link goes, not its target. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
