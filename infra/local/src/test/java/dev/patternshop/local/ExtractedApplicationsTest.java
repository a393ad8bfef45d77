package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's name: what a rebuild keeps (its extraction, its AOT cache) and what it does not. */
class ExtractedApplicationsTest {

    @TempDir
    Path root;

    @Test
    void aRebuildWithTheSameContentAtAnotherTimeIsTheSameBuild() throws IOException {
        Path first = jar("first.jar", Map.of("A.class", "a", "lib/x.jar", "x"), Instant.parse("2026-12-05T08:00:00Z"));
        Path again = jar("again.jar", Map.of("A.class", "a", "lib/x.jar", "x"), Instant.parse("2026-12-05T09:30:00Z"));
        Files.setLastModifiedTime(again, FileTime.from(Instant.parse("2026-12-06T00:00:00Z")));

        assertThat(ExtractedApplications.build("order-service", again))
                .isEqualTo(ExtractedApplications.build("order-service", first));
    }

    @Test
    void oneChangedClassIsAnotherBuild() throws IOException {
        Instant time = Instant.parse("2026-12-05T08:00:00Z");
        Path before = jar("before.jar", Map.of("A.class", "a", "B.class", "b"), time);
        Path after = jar("after.jar", Map.of("A.class", "a", "B.class", "c"), time);

        assertThat(ExtractedApplications.build("order-service", after))
                .isNotEqualTo(ExtractedApplications.build("order-service", before));
    }

    @Test
    void theModuleIsReadBackFromTheBuildsName() throws IOException {
        Path packaged = jar("p.jar", Map.of("A.class", "a"), Instant.parse("2026-12-05T08:00:00Z"));

        String build = ExtractedApplications.build("notification-service", packaged);

        assertThat(build).matches("notification-service-[0-9a-f]{12}");
        assertThat(ExtractedApplications.moduleOf(build)).isEqualTo("notification-service");
    }

    private Path jar(String name, Map<String, String> entries, Instant entryTime) throws IOException {
        Path jar = root.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entryName : entries.keySet().stream().sorted().toList()) {
                ZipEntry entry = new ZipEntry(entryName);
                entry.setLastModifiedTime(FileTime.from(entryTime));
                out.putNextEntry(entry);
                out.write(entries.get(entryName).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
