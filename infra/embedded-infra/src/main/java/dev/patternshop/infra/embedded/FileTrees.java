package dev.patternshop.infra.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/** Folders this project writes and removes again: data, staged binaries, extracted applications. */
public final class FileTrees {

    /** What fills a folder before it is published. */
    @FunctionalInterface
    public interface Filler {
        void fillInto(Path staging) throws IOException;
    }

    private FileTrees() {}

    /**
     * Fills a new folder beside {@code target}, then moves it into place in one step: no one ever sees a half-filled
     * {@code target}, and a crash leaves none. If another process published {@code target} first, ours is dropped.
     */
    public static Path publish(Path target, Filler filler) throws IOException {
        Path staging = Files.createTempDirectory(target.getParent(), ".staging-");
        try {
            filler.fillInto(staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            delete(staging); // another process won the race with the same content
        } catch (IOException e) {
            delete(staging);
            if (!Files.isDirectory(target)) {
                throw e;
            }
        }
        return target;
    }

    /** A short name for a folder from what it holds: the first 12 hex digits of {@code content}'s SHA-256. */
    public static String shortHash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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
