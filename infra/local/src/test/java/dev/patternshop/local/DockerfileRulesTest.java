package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules for the Dockerfile nobody can build on these machines: pinned bases, a non-root user, a health check. */
class DockerfileRulesTest {

    private static final Pattern FROM =
            Pattern.compile("^FROM\\s+(\\S+)(\\s+AS\\s+\\S+)?\\s*$", Pattern.CASE_INSENSITIVE);
    /** An exact version: at least major.minor.patch somewhere in the tag (25.0.3_9-jre-noble, 18.6 is not enough). */
    private static final Pattern EXACT_TAG = Pattern.compile(".*:\\d+\\.\\d+\\.\\d+.*");

    private static List<String> lines;

    @BeforeAll
    static void read() throws IOException {
        // Continuation lines joined: an instruction is one logical line.
        String text = Files.readString(
                ComposeMatchesTheEmbeddedRuntimeTest.projectDir().resolve("Dockerfile"));
        lines = new ArrayList<>();
        for (String line : text.replace("\\\n", " ").split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                lines.add(line.strip());
            }
        }
    }

    @Test
    void everyBaseImageIsPinnedToAnExactVersion() {
        List<String> bases = lines.stream()
                .map(FROM::matcher)
                .filter(Matcher::matches)
                .map(matcher -> matcher.group(1))
                .toList();
        assertThat(bases)
                .isNotEmpty()
                .allSatisfy(image -> assertThat(image).doesNotContain(":latest").matches(EXACT_TAG));
    }

    @Test
    void theFinalStageRunsAsANonRootUserWithAHealthCheck() {
        int lastFrom = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (FROM.matcher(lines.get(i)).matches()) {
                lastFrom = i;
            }
        }
        List<String> finalStage = lines.subList(lastFrom, lines.size());
        List<String> users = finalStage.stream()
                .filter(line -> line.toUpperCase().startsWith("USER "))
                .map(line -> line.substring("USER ".length()).strip())
                .toList();
        assertThat(users).isNotEmpty();
        assertThat(users.getLast()).isNotIn("root", "0", "0:0");
        assertThat(finalStage)
                .anyMatch(line -> line.toUpperCase().startsWith("HEALTHCHECK ")
                        && !line.toUpperCase().contains("NONE"));
    }
}
