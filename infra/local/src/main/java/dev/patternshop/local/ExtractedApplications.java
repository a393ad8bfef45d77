package dev.patternshop.local;

import dev.patternshop.infra.embedded.FileTrees;
import dev.patternshop.infra.embedded.InfrastructureException;
import dev.patternshop.infra.embedded.Jvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Each service as this runtime runs it: its packaged jar extracted (Spring Boot's tools jar mode) under the
 * runtime's home, once per build, into a folder named after that build ({@code <module>-<fingerprint>}).
 *
 * <p>Two reasons. A JVM reads its jars lazily for as long as it runs, and a build rewrites the jar in target/ in
 * place: services run from target/ failed with NoClassDefFoundError; here each build gets its own folder, so a running
 * JVM keeps the files it opened. And the JVM's AOT cache (like class-data sharing before it) holds only classes read
 * from plain jars on the class path, never from inside a nested jar: from the packaged jar, the archive held the
 * JDK's classes and none of Spring's.
 */
final class ExtractedApplications {

    /** One service's extraction is a JVM start and a copy of its jars: about a second, more on a busy box. */
    private static final Duration EXTRACTION_TIMEOUT = Duration.ofMinutes(3);

    private final RuntimeHome home;

    ExtractedApplications(RuntimeHome home) {
        this.home = home;
    }

    /** The extracted application jar of the build {@code packaged} is, extracting it first if it is new. */
    synchronized Path application(String module, Path packaged) {
        try {
            Path application = applicationOf(build(module, packaged));
            if (!Files.isRegularFile(application)) {
                Files.createDirectories(apps());
                FileTrees.publish(application.getParent(), staging -> extract(packaged, staging, module));
                removeOlderBuilds(apps(), module, application.getParent());
            }
            return application;
        } catch (IOException e) {
            throw new InfrastructureException(
                    "could not extract " + packaged + " into " + apps() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The name of a build: the module and a fingerprint of its packaged jar's content (every entry's name, size and
     * CRC-32, read from the jar's directory without unpacking anything). A rebuild that changed nothing gets the same
     * name, so it keeps its extraction and its AOT cache; the jar's own time and its entries' times do not count.
     */
    static String build(String module, Path packaged) throws IOException {
        StringBuilder entries = new StringBuilder();
        try (ZipFile jar = new ZipFile(packaged.toFile())) {
            for (ZipEntry entry : Collections.list(jar.entries())) {
                entries.append(entry.getName())
                        .append('\t')
                        .append(entry.getSize())
                        .append('\t')
                        .append(entry.getCrc())
                        .append('\n');
            }
        }
        return module + "-" + FileTrees.shortHash(entries.toString());
    }

    /** The build an extracted application belongs to (the name of its folder). */
    static String buildOf(Path application) {
        return application.getParent().getFileName().toString();
    }

    /** Where the build's application is (or would be) extracted. */
    Path applicationOf(String build) {
        return apps().resolve(build).resolve(moduleOf(build) + ".jar");
    }

    /** The module a build is of: its name without the fingerprint. */
    static String moduleOf(String build) {
        return build.substring(0, build.lastIndexOf('-'));
    }

    private Path apps() {
        return home.run().resolve("apps");
    }

    private void extract(Path jar, Path destination, String module) throws IOException {
        Path log = home.logs().resolve("extract-" + module + ".log");
        Files.createDirectories(log.getParent());
        Process extraction = new ProcessBuilder(
                        Jvm.javaExecutable(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--destination",
                        destination.toString(),
                        "--application-filename",
                        module + ".jar")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!extraction.waitFor(EXTRACTION_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                extraction.destroyForcibly();
                throw new IOException("extraction took longer than " + EXTRACTION_TIMEOUT + " (see " + log + ")");
            }
        } catch (InterruptedException e) {
            extraction.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (extraction.exitValue() != 0) {
            throw new IOException("extraction failed with exit code " + extraction.exitValue() + " (see " + log + ")");
        }
    }

    /**
     * Keeps the build before this one too: an instance started from it may still be running (a restart after a
     * build replaces instances one by one), and on Linux a running JVM's open jars outlive their deletion anyway.
     */
    private static void removeOlderBuilds(Path apps, String module, Path current) throws IOException {
        List<Path> older;
        try (var entries = Files.list(apps)) {
            older = entries.filter(dir -> dir.getFileName().toString().startsWith(module + "-"))
                    .filter(dir -> !dir.equals(current))
                    .sorted(Comparator.comparing(ExtractedApplications::lastModified)
                            .reversed())
                    .toList();
        }
        for (Path build : older.subList(Math.min(1, older.size()), older.size())) {
            FileTrees.delete(build);
        }
    }

    private static FileTime lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
