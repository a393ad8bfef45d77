package dev.patternshop.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The order domain is plain Java, and persistence only persists. Each rule first checks that the packages it
 * guards hold classes, so a renamed package fails here instead of passing vacuously.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.patternshop.order";
    private static final String DOMAIN = ROOT + ".domain";
    private static final String PERSISTENCE = ROOT + ".persistence";
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void theGuardedPackagesAreNotEmpty() {
        assertThat(classes.stream().filter(c -> c.getPackageName().equals(DOMAIN)).count())
                .as("domain classes").isGreaterThanOrEqualTo(15);
        assertThat(classes.stream().filter(c -> c.getPackageName().equals(PERSISTENCE)).count())
                .as("persistence classes").isGreaterThanOrEqualTo(4);
    }

    @Test
    void theDomainImportsNoSpringNoJdbcAndNoSharding() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "java.sql..",
                        "javax.sql..", "tools.jackson..", "com.zaxxer..", "dev.patternshop.replication..",
                        "dev.patternshop.outbox..", "dev.patternshop.events..", ROOT + ".sharding..",
                        ROOT + ".persistence..", ROOT + ".placement..", ROOT + ".queries..", ROOT + ".web..",
                        ROOT + ".messaging..", ROOT + ".catalog..")
                .check(classes);
    }

    @Test
    void persistenceImportsNoSettingsNoUseCasesAndNoMessaging() {
        noClasses().that().resideInAPackage(PERSISTENCE)
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".placement..", ROOT + ".queries..",
                        ROOT + ".messaging..", ROOT + ".web..", "org.springframework.boot.context.properties..")
                .check(classes);
    }
}
