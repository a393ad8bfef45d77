package dev.patternshop.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every service keeps (test-support's ServiceArchitecture), with the order domain as plain Java; and one
 * of this service's own: persistence only persists (no settings, use cases or messaging in it).
 */
class ArchitectureTest {

    private static final String ROOT = "dev.patternshop.order";

    @TestFactory
    Stream<DynamicTest> rulesEveryServiceKeeps() {
        return ServiceArchitecture.of(ROOT)
                .domain(ROOT + ".domain")
                .persistence("..persistence..")
                .web("..web..")
                .messaging(ROOT + ".messaging..")
                .features()
                .rules();
    }

    @Test
    void persistenceImportsNoSettingsNoUseCasesAndNoMessaging() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".persistence")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        ROOT + ".placement..",
                        ROOT + ".queries..",
                        ROOT + ".messaging..",
                        ROOT + ".web..",
                        "org.springframework.boot.context.properties..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ROOT));
    }
}
