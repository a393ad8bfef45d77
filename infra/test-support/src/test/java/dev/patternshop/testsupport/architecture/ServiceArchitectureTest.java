package dev.patternshop.testsupport.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/** The shared rules pass on a clean layout and fail on each kind of break, including a guarded package that is empty. */
class ServiceArchitectureTest {

    private static final String FIXTURE = "dev.patternshop.testsupport.architecture.fixture";
    private static final String SHOP = FIXTURE + ".shop";
    private static final String BROKEN = FIXTURE + ".broken";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void aCleanLayoutKeepsEveryRule() {
        ServiceArchitecture.of(SHOP, CLASSES)
                .domain(SHOP + ".basket")
                .persistence("..persistence..")
                .web("..web..")
                .messaging("..messaging..")
                .features()
                .rules()
                .forEach(rule -> assertThatCode(rule.getExecutable()::execute)
                        .as(rule.getDisplayName())
                        .doesNotThrowAnyException());
    }

    @Test
    void aDomainClassThatImportsSpringBreaksTheDomainRule() {
        assertThatThrownBy(() -> run(
                        ServiceArchitecture.of(BROKEN, CLASSES).domain(BROKEN + ".basket"),
                        "the domain imports no framework"))
                .hasMessageContaining("Basket")
                .hasMessageContaining("org.springframework.stereotype.Component");
    }

    @Test
    void valueOutsideAConfigurationClassBreaksTheValueRule() {
        assertThatThrownBy(
                        () -> run(ServiceArchitecture.of(BROKEN, CLASSES), "no @Value outside @Configuration classes"))
                .hasMessageContaining("BasketController.pageSize is annotated with @Value");
    }

    @Test
    void persistenceThatUsesWebBreaksTheAdapterRule() {
        assertThatThrownBy(() -> run(
                        ServiceArchitecture.of(BROKEN, CLASSES)
                                .persistence("..persistence..")
                                .web("..web.."),
                        "persistence and web do not depend on each other"))
                .hasMessageContaining("JdbcBaskets.controller");
    }

    @Test
    void kafkaOutsideTheMessagingPackagesBreaksTheMessagingRule() {
        assertThatThrownBy(() -> run(
                        ServiceArchitecture.of(BROKEN, CLASSES).messaging("..messaging.."),
                        "only [..messaging..] touch Kafka, the outbox or the inbox"))
                .hasMessageContaining("BasketPublisher.producer");
    }

    @Test
    void aGuardedPackageWithoutClassesFailsInsteadOfPassing() {
        assertThatThrownBy(() -> run(
                        ServiceArchitecture.of(SHOP, CLASSES).domain(SHOP + ".basket.model"),
                        "the domain imports no framework"))
                .hasMessageContaining("holds no classes");
        assertThatThrownBy(() -> run(
                        ServiceArchitecture.of(SHOP, CLASSES).web("..web.."),
                        "persistence and web do not depend on each other"))
                .hasMessageContaining("pass vacuously");
        assertThatThrownBy(() -> run(
                        ServiceArchitecture.of(SHOP + ".checkout", CLASSES).features(),
                        "no cycles between the feature packages"))
                .hasMessageContaining("pass vacuously");
    }

    private static void run(ServiceArchitecture architecture, String rule) throws Throwable {
        DynamicTest test = architecture
                .rules()
                .filter(candidate -> candidate.getDisplayName().equals(rule))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no rule named " + rule));
        test.getExecutable().execute();
    }
}
