package dev.patternshop.inventory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every service keeps (test-support's ServiceArchitecture), with the inventory domain as plain Java; and
 * one of this service's own: only two packages touch messaging, so every message passes one of two doors: {@code events}
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
                .features()
                .rules();
    }

    @Test
    void onlyTheEventsAndMessagingPackagesTouchKafkaTheOutboxOrTheInbox() {
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".events..", ROOT + ".messaging..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.patternshop.outbox..", "dev.patternshop.inbox..", "org.apache.kafka..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.patternshop.events.Topics")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ROOT));
    }
}
