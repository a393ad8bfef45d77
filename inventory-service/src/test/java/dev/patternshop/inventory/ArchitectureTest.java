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
 * one of this service's own: nothing but the messaging package writes to the outbox or names a topic, so every event
 * leaves through one door.
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
    void onlyMessagingTouchesTheOutbox() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".messaging..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.patternshop.outbox..", "org.apache.kafka..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.patternshop.events.Topics")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ROOT));
    }
}
