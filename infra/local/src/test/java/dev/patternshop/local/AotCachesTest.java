package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.infra.embedded.Jvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache's life on a real JVM and a real (tiny) application: one instance of a build records, the recording is
 * assembled into a cache the JVM then accepts in its strict mode, and whatever goes wrong only costs a recording.
 */
class AotCachesTest {

    static final String BUILD = "hello-service-0123456789ab";
    static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC");

    @TempDir
    Path root;

    RuntimeHome home;
    ExtractedApplications applications;
    AotCaches caches;
    Path application;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void anExtractedApplication() throws Exception {
        home = new RuntimeHome(root);
        Files.createDirectories(home.aotCaches());
        Files.createDirectories(home.logs());
        applications = new ExtractedApplications(home);
        caches = new AotCaches(home.aotCaches(), home.logs(), applications, Map.of());
        application = applications.applicationOf(BUILD);
        writeHelloJar(application);
    }

    @Test
    void theFirstInstanceOfABuildRecordsAndItsOtherInstancesStartWithoutACache() {
        assertThat(caches.options(application, true))
                .contains("-XX:AOTMode=record", "-XX:AOTConfiguration=" + recording());
        assertThat(caches.options(application, true)).isEmpty();
    }

    @Test
    void aRecordingIsSeenFromOutsideTheRuntimeSoDownCanSayTheStopWillAssemble() throws Exception {
        assertThat(AotCaches.isRecording(home.aotCaches())).isFalse();
        assertThat(run(caches.options(application, true))).isZero();
        assertThat(AotCaches.isRecording(home.aotCaches())).isTrue();

        caches.assemblePending(JVM_OPTIONS, new PrintStream(OutputStream.nullOutputStream()));

        assertThat(AotCaches.isRecording(home.aotCaches())).isFalse();
    }

    @Test
    void nothingIsRecordedWhileTheEnvironmentAddsJvmOptions() {
        for (String variable : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            AotCaches underOptions = new AotCaches(
                    home.aotCaches(), home.logs(), applications, Map.of(variable, "-XX:StartFlightRecording"));

            assertThat(underOptions.options(application, true)).as(variable).isEmpty();
        }
        assertThat(new AotCaches(home.aotCaches(), home.logs(), applications, Map.of("JAVA_TOOL_OPTIONS", " "))
                        .options(application, true))
                .as("a blank value adds nothing")
                .contains("-XX:AOTMode=record");
    }

    @Test
    void anExtraInstanceNeverRecords() {
        assertThat(caches.options(application, false)).isEmpty();
        assertThat(caches.options(application, true)).contains("-XX:AOTMode=record");
    }

    @Test
    void aRecordingIsAssembledIntoACacheTheJvmAcceptsInStrictMode() throws Exception {
        assertThat(run(caches.options(application, true)))
                .as("the recording run")
                .isZero();
        assertThat(recording()).isNotEmptyFile();

        caches.assemblePending(JVM_OPTIONS, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(cache()).isNotEmptyFile();
        assertThat(recording()).as("done with").doesNotExist();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("hello-service");
        List<String> options =
                new AotCaches(home.aotCaches(), home.logs(), applications, Map.of()).options(application, true);
        assertThat(options).containsExactly("-XX:AOTCache=" + cache());
        List<String> strict = new ArrayList<>(options);
        strict.add("-XX:AOTMode=on"); // the JVM refuses to start if it cannot use the cache
        assertThat(run(strict)).as("a start that must use the cache").isZero();
    }

    @Test
    void aRecordingCutShortIsDroppedAndTheNextStartRecordsAgain() throws Exception {
        Files.createFile(recording()); // a recorder killed before it could write

        caches.assemblePending(JVM_OPTIONS, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(cache()).doesNotExist();
        assertThat(recording()).doesNotExist();
        assertThat(new AotCaches(home.aotCaches(), home.logs(), applications, Map.of()).options(application, true))
                .contains("-XX:AOTMode=record");
    }

    @Test
    void cachesOfBuildsNoLongerExtractedAreRemoved() throws Exception {
        Path gone = Files.writeString(home.aotCaches().resolve("hello-service-000000000000.aot"), "old");

        caches.assemblePending(JVM_OPTIONS, new PrintStream(OutputStream.nullOutputStream()));

        assertThat(gone).doesNotExist();
        assertThat(application).exists();
    }

    private Path recording() {
        return home.aotCaches().resolve(BUILD + ".aotconf");
    }

    private Path cache() {
        return home.aotCaches().resolve(BUILD + ".aot");
    }

    private int run(List<String> aotOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Jvm.javaExecutable()));
        command.addAll(JVM_OPTIONS);
        command.addAll(aotOptions);
        command.addAll(List.of("-jar", application.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("run.log").toFile())
                .start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return process.exitValue();
    }

    /** A jar whose main class prints a line: what a service's extracted jar is, without Spring. */
    private void writeHelloJar(Path jar) throws IOException {
        Path sources = Files.createDirectories(root.resolve("src"));
        Path classes = Files.createDirectories(root.resolve("classes"));
        Path source = Files.writeString(sources.resolve("Hello.java"), """
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println(java.util.List.of("hello", "aot").stream().map(String::length).toList());
                    }
                }
                """);
        int compiled =
                ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
        assertThat(compiled).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("Hello.class")));
            out.closeEntry();
        }
    }
}
