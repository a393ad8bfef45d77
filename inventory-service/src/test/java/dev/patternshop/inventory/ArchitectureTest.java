package dev.patternshop.inventory;

import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every service keeps (test-support's ServiceArchitecture), with the inventory domain as plain Java and
 * two messaging doors, so every message passes one of them: {@code events}
 * (what inventory says, appended to the outbox) and {@code messaging} (the commands consumed through the inbox, and
 * the relay that publishes the outbox).
 */
class ArchitectureTest {

    private static final String ROOT = "dev.patternshop.inventory";

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
