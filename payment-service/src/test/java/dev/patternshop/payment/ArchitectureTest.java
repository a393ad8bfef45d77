package dev.patternshop.payment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
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
