package dev.patternshop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing a folder in one step: never half-filled, never twice, nothing left behind. */
class FileTreesTest {

    @TempDir
    Path root;

    @Test
    void aPublishedFolderHasEverythingItsFillerWrote() throws IOException {
        Path target = root.resolve("build-1");

        FileTrees.publish(target, staging -> Files.writeString(staging.resolve("app.jar"), "classes"));

        assertThat(target.resolve("app.jar")).hasContent("classes");
        assertThat(root).isDirectoryNotContaining("glob:**/.staging-*");
    }

    @Test
    void aSecondPublisherOfTheSameFolderLeavesTheFirstOnesContentAndNoStaging() throws IOException {
        Path target = root.resolve("build-1");
        FileTrees.publish(target, staging -> Files.writeString(staging.resolve("app.jar"), "first"));

        FileTrees.publish(target, staging -> Files.writeString(staging.resolve("app.jar"), "second"));

        assertThat(target.resolve("app.jar")).hasContent("first");
        assertThat(root).isDirectoryNotContaining("glob:**/.staging-*");
    }

    @Test
    void aFillerThatFailsPublishesNothingAndLeavesNothing() {
        Path target = root.resolve("build-1");

        assertThatThrownBy(() -> FileTrees.publish(target, staging -> {
                    Files.writeString(staging.resolve("half.jar"), "half");
                    throw new IOException("extraction failed");
                }))
                .hasMessage("extraction failed");

        assertThat(target).doesNotExist();
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void theShortHashIsTwelveHexDigitsAndFollowsTheContent() {
        assertThat(FileTrees.shortHash("a\t1\t2\n"))
                .matches("[0-9a-f]{12}")
                .isEqualTo(FileTrees.shortHash("a\t1\t2\n"));
        assertThat(FileTrees.shortHash("a\t1\t3\n")).isNotEqualTo(FileTrees.shortHash("a\t1\t2\n"));
    }

    @Test
    void deletingRemovesATreeAndANonExistentOneIsNothing() throws IOException {
        Path tree = Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(tree.resolve("f"), "x");

        FileTrees.delete(root.resolve("a"));
        FileTrees.delete(root.resolve("missing"));

        assertThat(root).isEmptyDirectory();
    }
}
