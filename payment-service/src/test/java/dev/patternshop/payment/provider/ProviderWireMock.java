package dev.patternshop.payment.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The provider as the runtime plays it: an in-process WireMock loaded with the SAME mapping files
 * ({@code infra/docker/wiremock/mappings}), so the tests prove the real mappings. Fault stubs come from
 * {@code infra/docker/wiremock/faults}, as {@code ./patternshop fault} sends them. A gate can hold every answer
 * until the test opens it: a provider exactly as slow as the test needs, without depending on a delay or a clock.
 */
final class ProviderWireMock {

    /** The runtime's WireMock root, from the module directory (where Maven runs the tests). */
    static final Path ROOT = Path.of("../infra/docker/wiremock");

    private final Gate gate = new Gate();
    private final WireMockServer server = new WireMockServer(options()
            .dynamicPort()
            .bindAddress("127.0.0.1")
            .withRootDirectory(ROOT.toString())
            .extensions(gate));

    ProviderWireMock start() {
        server.start();
        return this;
    }

    WireMockServer server() {
        return server;
    }

    String url() {
        return server.baseUrl();
    }

    /** Back to the mappings from the files, an empty journal and an open gate. */
    void reset() {
        gate.open();
        server.resetAll();
    }

    /** A fault as {@code ./patternshop fault payment-provider MODE} adds it, the key digits filled in. */
    void fault(String mode, String keyDigits) {
        server.addStubMapping(StubMapping.buildFrom(faultJson(mode, keyDigits)));
    }

    /** Every fault removed by its metadata, as {@code ./patternshop fault payment-provider normal} does. */
    void normal() {
        server.removeStubsByMetadata(matchingJsonPath("$.patternshop-fault", equalTo("payment-provider")));
    }

    static String faultJson(String mode, String keyDigits) {
        try {
            return Files.readString(ROOT.resolve("faults/" + mode + ".json")).replace("__KEY_DIGITS__", keyDigits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every request that carried this idempotency key, oldest first. */
    List<ServeEvent> requestsWithKey(String key) {
        return server.getAllServeEvents().stream()
                .filter(event -> key.equals(event.getRequest().getHeader("Idempotency-Key")))
                .toList()
                .reversed();
    }

    void holdAnswers() {
        gate.close();
    }

    void releaseAnswers() {
        gate.open();
    }

    void stop() {
        gate.open();
        server.stop();
    }

    /** Holds every answer while closed (on WireMock's own request thread). */
    private static final class Gate implements ServeEventListener {

        private volatile CountDownLatch latch = new CountDownLatch(0);

        void close() {
            latch = new CountDownLatch(1);
        }

        void open() {
            latch.countDown();
        }

        @Override
        public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
            try {
                // A cap only so that a broken test cannot hang the build; the tests open the gate themselves.
                latch.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String getName() {
            return "patternshop-gate";
        }
    }
}
