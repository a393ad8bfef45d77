package dev.patternshop.notification;

import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every service keeps (test-support's ServiceArchitecture): the notice (what the service knows of an
 * order's life) is plain Java; only the messaging package touches Kafka and the inbox; the features (webhook, live)
 * do not depend on each other in a cycle.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.patternshop.notification";

    @TestFactory
    Stream<DynamicTest> rulesEveryServiceKeeps() {
        return ServiceArchitecture.of(ROOT)
                .domain(ROOT + ".notice")
                .messaging(ROOT + ".messaging..")
                .features()
                .rules();
    }
}
