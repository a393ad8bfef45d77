package dev.patternshop.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A static check of the provider's stub files: every mapping and every fault template (with its key digits filled
 * in, as {@code ./patternshop fault} does) is a valid WireMock stub on the provider's {@code /v1/} paths; every fault
 * is tagged with the metadata {@code normal} removes them by, and outranks every normal mapping; and the faults are
 * exactly the script's modes.
 */
class ProviderMappingsTest {

    private static final Path MAPPINGS = ProviderWireMock.ROOT.resolve("mappings");
    private static final Path FAULTS = ProviderWireMock.ROOT.resolve("faults");
    private static final Path SCRIPT = Path.of("../patternshop");

    @Test
    void everyMappingIsAValidStubOnTheProvidersPaths() throws IOException {
        List<StubMapping> mappings = stubs(MAPPINGS, "");

        assertThat(mappings).hasSizeGreaterThanOrEqualTo(5).allSatisfy(stub -> {
            assertThat(path(stub)).startsWith("/v1/");
            assertThat(stub.getPriority()).isNotNull().isGreaterThan(1);
            assertThat(stub.getMetadata()).isNull();
        });
    }

    @Test
    void everyFaultIsAValidStubOnTheProvidersPathsThatOutranksTheMappingsAndCanBeRemoved() throws IOException {
        List<StubMapping> faults = stubs(FAULTS, "0123");
        int highestMapping = stubs(MAPPINGS, "").stream()
                .mapToInt(StubMapping::getPriority)
                .min()
                .orElseThrow();

        assertThat(faults).hasSize(4).allSatisfy(stub -> {
            assertThat(path(stub)).startsWith("/v1/");
            assertThat(stub.getPriority()).isLessThan(highestMapping);
            assertThat(stub.getMetadata().getString("patternshop-fault")).isEqualTo("payment-provider");
        });
    }

    @Test
    void theKeySelectionOfARatedFaultMatchesPaymentsByTheLastHexDigitOfTheirId() {
        String errors = ProviderWireMock.faultJson("errors", "0123");
        String regex =
                errors.replaceAll("(?s).*\"matches\": \"([^\"]+)\".*", "$1").replace("\\\\", "\\");
        Pattern selection = Pattern.compile(regex);

        assertThat(selection
                        .matcher("0b6c6b4e-58a6-3a47-9a4b-0c1c1d8f0a13:authorize")
                        .matches())
                .isTrue();
        assertThat(selection
                        .matcher("0b6c6b4e-58a6-3a47-9a4b-0c1c1d8f0a1c:authorize")
                        .matches())
                .isFalse();
        assertThat(selection
                        .matcher("0b6c6b4e-58a6-3a47-9a4b-0c1c1d8f0a10:refund")
                        .matches())
                .isTrue();
    }

    @Test
    void theFaultsAreExactlyTheScriptsModes() throws IOException {
        String script = Files.readString(SCRIPT);
        try (Stream<Path> files = Files.list(FAULTS)) {
            List<String> modes = files.map(file -> file.getFileName().toString().replace(".json", ""))
                    .toList();
            assertThat(modes).containsExactlyInAnyOrder("slow", "errors", "declines", "down");
            assertThat(modes).allSatisfy(mode -> assertThat(script).contains(mode + ")"));
        }
    }

    private static List<StubMapping> stubs(Path folder, String keyDigits) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".json"))
                    .map(file -> read(file).replace("__KEY_DIGITS__", keyDigits))
                    .map(StubMapping::buildFrom)
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String path(StubMapping stub) {
        var request = stub.getRequest();
        String path = request.getUrlPath() != null
                ? request.getUrlPath()
                : request.getUrlPathPattern() != null ? request.getUrlPathPattern() : request.getUrl();
        return path == null ? "" : path;
    }
}
