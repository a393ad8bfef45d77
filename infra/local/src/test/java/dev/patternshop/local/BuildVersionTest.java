package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildVersionTest {

    @Test
    void launcherLooksForTheServiceJarsOfTheVersionTheParentPomBuilds() throws Exception {
        // Every module inherits its version from the parent: the launcher's is the services' too.
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(parent.find()).isTrue();

        assertThat(BuildVersion.current()).isEqualTo(parent.group(1));
    }
}
