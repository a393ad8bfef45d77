package dev.patternshop.catalog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The product domain is plain Java: no Spring, no JDBC, no web. Frameworks stay in its sub-packages. */
class ArchitectureTest {

    private static final String DOMAIN = "dev.patternshop.catalog.product";
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.patternshop.catalog");

    @Test
    void domainPackageIsNotEmpty() {
        assertThat(classes.stream().filter(c -> c.getPackageName().equals(DOMAIN)).count())
                .as("the rule below must guard real classes").isGreaterThanOrEqualTo(8);
    }

    @Test
    void domainImportsNoFramework() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..", "java.sql..",
                        "tools.jackson..", "io.github.resilience4j..")
                .check(classes);
    }

    @Test
    void domainDoesNotReachIntoItsAdapters() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(DOMAIN + ".web..", DOMAIN + ".persistence..",
                        DOMAIN + ".application..", "dev.patternshop.catalog.cache..", "dev.patternshop.catalog.replication..", "dev.patternshop.replication..")
                .check(classes);
    }
}
