package dev.patternshop.payment;

import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every service keeps (test-support's ServiceArchitecture), with the payment domain (the aggregate, its
 * events and the provider port) as plain Java; and one of this service's own: every message passes one of two doors,
 * {@code events} (the replies, appended to the outbox) and {@code messaging} (the commands consumed through the inbox,
 * and the relay that publishes the outbox).
 */
class ArchitectureTest {

    private static final String ROOT = "dev.patternshop.payment";

    @TestFactory
    Stream<DynamicTest> rulesEveryServiceKeeps() {
        return ServiceArchitecture.of(ROOT)
                .domain(ROOT + ".domain")
                .persistence("..persistence..")
                .web("..web..")
                .messaging(ROOT + ".events..", ROOT + ".messaging..")
                .features()
                .rules();
    }
}
