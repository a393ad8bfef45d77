package dev.patternshop.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's receiver snippet is this test tree's ReceiverSignatureCheck, verbatim: the code shown is code run. */
class ReceiverSnippetInReadmeTest {

    static final String START = "<!-- receiver-signature-check:start -->";
    static final String END = "<!-- receiver-signature-check:end -->";

    @Test
    void theReadmeShowsTheReceiverCheckThatTheTestsRun() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String source = Files.readString(
                Path.of("src/test/java/dev/patternshop/notification/webhook/ReceiverSignatureCheck.java"));

        assertThat(readme).contains(START).contains(END);
        String block = readme.substring(readme.indexOf(START) + START.length(), readme.indexOf(END))
                .strip();
        assertThat(block).startsWith("```java\n").endsWith("\n```");
        assertThat(block.substring("```java\n".length(), block.length() - "\n```".length()))
                .isEqualTo(source.strip());
    }
}
