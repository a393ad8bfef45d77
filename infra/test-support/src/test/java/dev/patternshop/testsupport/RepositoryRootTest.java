package dev.patternshop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryRootTest {

    @Test
    void theRootIsTheNearestFolderAboveThatHoldsTheComposeFile(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve(RepositoryRoot.MARKER), "services: {}\n");
        Path module = Files.createDirectories(folder.resolve("infra/test-support"));

        assertThat(RepositoryRoot.from(module)).isEqualTo(folder);
    }

    @Test
    void withoutAComposeFileAboveItFailsSayingWhatItLookedFor(@TempDir Path folder) {
        // A temp folder has no compose file above it (the repository lives elsewhere).
        assertThatThrownBy(() -> RepositoryRoot.from(folder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RepositoryRoot.MARKER)
                .hasMessageContaining(folder.toString());
    }
}
