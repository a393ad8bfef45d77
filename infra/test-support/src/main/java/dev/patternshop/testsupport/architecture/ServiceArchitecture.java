package dev.patternshop.testsupport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The rules every service keeps, for one service's production classes. A service's {@code ArchitectureTest}
 * names its layout and runs what applies:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> rules() {
 *     return ServiceArchitecture.of("dev.patternshop.catalog")
 *             .domain("dev.patternshop.catalog.product")
 *             .persistence("..persistence..")
 *             .web("..web..")
 *             .features()
 *             .rules();
 * }
 * }</pre>
 *
 * Packages are ArchUnit package identifiers ({@code "a.b"} is exactly that package, {@code "..web.."} any package
 * with a {@code web} segment). Every rule first checks that the packages it guards hold classes: a rule about a
 * package that does not exist (a typo, a package renamed) fails instead of passing. A rule starts to apply only
 * when the service names the packages it guards; until then it is not run (and not reported as passing).
 *
 * <ul>
 *   <li>{@code domain}: the domain imports no framework (Spring, Jakarta, JDBC, JSON, Kafka, Resilience4j,
 *       Micrometer) and nothing of its service outside the domain (its adapters, its configuration).</li>
 *   <li>{@code persistence} and {@code web}: neither depends on the other.</li>
 *   <li>{@code messaging}: only these packages touch Kafka, the outbox, the inbox or topic names.</li>
 *   <li>{@code features}: no cycles between the root's sub-packages (one per feature; a feature's domain counts
 *       as a slice of its own, see {@link #noCyclesBetweenFeatures()}); needs two or more.</li>
 *   <li>always: no {@code @Value} outside {@code @Configuration} classes (settings are typed records).</li>
 * </ul>
 */
public final class ServiceArchitecture {

    static final String VALUE = "org.springframework.beans.factory.annotation.Value";
    static final String CONFIGURATION = "org.springframework.context.annotation.Configuration";

    /** What the domain must not import: the frameworks the adapters use. */
    static final String[] FRAMEWORKS = {
        "org.springframework..",
        "jakarta..",
        "java.sql..",
        "javax.sql..",
        "tools.jackson..",
        "com.fasterxml.jackson..",
        "org.apache.kafka..",
        "io.github.resilience4j..",
        "io.micrometer..",
        "org.hibernate..",
        "com.zaxxer.."
    };

    /** Kafka, and the libraries that send (outbox) and receive (inbox) through it. */
    static final String[] MESSAGING = {
        "dev.patternshop.outbox..", "dev.patternshop.inbox..", "org.apache.kafka..", "org.springframework.kafka.."
    };

    static final String TOPICS = "dev.patternshop.events.Topics";

    private final String rootPackage;
    private final JavaClasses classes;
    private final List<String> domain = new ArrayList<>();
    private final List<String> persistence = new ArrayList<>();
    private final List<String> web = new ArrayList<>();
    private final List<String> messaging = new ArrayList<>();
    private boolean features;

    private ServiceArchitecture(String rootPackage, JavaClasses classes) {
        this.rootPackage = rootPackage;
        this.classes = classes;
    }

    /** The production classes (not tests) under {@code rootPackage}, as compiled into target/classes. */
    public static ServiceArchitecture of(String rootPackage) {
        return of(
                rootPackage,
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages(rootPackage));
    }

    /** For tests of the rules themselves: the given classes stand for the service. */
    static ServiceArchitecture of(String rootPackage, JavaClasses classes) {
        return new ServiceArchitecture(rootPackage, classes);
    }

    /** The packages holding plain-Java domain logic. */
    public ServiceArchitecture domain(String... packages) {
        domain.addAll(List.of(packages));
        return this;
    }

    /** The packages that talk to the database. */
    public ServiceArchitecture persistence(String... packages) {
        persistence.addAll(List.of(packages));
        return this;
    }

    /** The packages that answer HTTP. */
    public ServiceArchitecture web(String... packages) {
        web.addAll(List.of(packages));
        return this;
    }

    /**
     * The only packages that touch messaging (Kafka, the outbox, the inbox, topic names): every message the service
     * sends or receives passes one of these doors (DESIGN.md, "Messaging": nothing calls Kafka from business code).
     */
    public ServiceArchitecture messaging(String... packages) {
        messaging.addAll(List.of(packages));
        return this;
    }

    /** The root's sub-packages are features: checks that there are at least two, and no cycle between them. */
    public ServiceArchitecture features() {
        features = true;
        return this;
    }

    /** Every rule that applies to this layout, one dynamic test each, guards first. */
    public Stream<DynamicTest> rules() {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest(
                "the service has classes under " + rootPackage,
                () -> requireClasses("the service", new String[] {rootPackage + ".."})));
        tests.add(DynamicTest.dynamicTest(
                "no @Value outside @Configuration classes",
                () -> noValueOutsideConfiguration().check(classes)));
        if (!domain.isEmpty()) {
            String[] packages = domain.toArray(String[]::new);
            tests.add(DynamicTest.dynamicTest("the domain imports no framework", () -> {
                requireClasses("the domain", packages);
                domainImportsNoFramework(packages).check(classes);
            }));
            tests.add(DynamicTest.dynamicTest("the domain depends on nothing else of its service", () -> {
                requireClasses("the domain", packages);
                domainStaysInside(packages).check(classes);
            }));
        }
        if (!persistence.isEmpty() || !web.isEmpty()) {
            String[] persistencePackages = persistence.toArray(String[]::new);
            String[] webPackages = web.toArray(String[]::new);
            tests.add(DynamicTest.dynamicTest("persistence and web do not depend on each other", () -> {
                if (persistencePackages.length == 0 || webPackages.length == 0) {
                    throw new AssertionError("name both the persistence and the web packages: with one side missing"
                            + " the rule would pass vacuously");
                }
                requireClasses("persistence", persistencePackages);
                requireClasses("web", webPackages);
                independent(persistencePackages, webPackages).check(classes);
                independent(webPackages, persistencePackages).check(classes);
            }));
        }
        if (!messaging.isEmpty()) {
            String[] packages = messaging.toArray(String[]::new);
            tests.add(DynamicTest.dynamicTest("only " + messaging + " touch Kafka, the outbox or the inbox", () -> {
                requireClasses("messaging", packages);
                messagingOnlyIn(packages).check(classes);
            }));
        }
        if (features) {
            tests.add(DynamicTest.dynamicTest("no cycles between the feature packages", () -> {
                Set<String> found = featurePackages();
                if (found.size() < 2) {
                    throw new AssertionError("a cycle needs two feature packages under " + rootPackage + ", found "
                            + found + ": the rule would pass vacuously");
                }
                noCyclesBetweenFeatures().check(classes);
            }));
        }
        return tests.stream();
    }

    ArchRule messagingOnlyIn(String... packages) {
        return noClasses()
                .that()
                .resideInAPackage(rootPackage + "..")
                .and()
                .resideOutsideOfPackages(packages)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(MESSAGING)
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(TOPICS)
                .because("messages are sent through the outbox and received through the inbox, in one place");
    }

    ArchRule domainImportsNoFramework(String... packages) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages)
                .and()
                .resideInAPackage(rootPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS)
                .because("domain logic is plain Java; Spring stays at the edges")
                .allowEmptyShould(false);
    }

    ArchRule domainStaysInside(String... packages) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages)
                .and()
                .resideInAPackage(rootPackage + "..")
                .should()
                .dependOnClassesThat(inService().and(outside(packages)))
                .because(
                        "the adapters (web, persistence, messaging, configuration) depend on the domain, never the reverse")
                .allowEmptyShould(false);
    }

    ArchRule independent(String[] from, String[] to) {
        return noClasses()
                .that()
                .resideInAnyPackage(from)
                .and()
                .resideInAPackage(rootPackage + "..")
                .should()
                .dependOnClassesThat(inService().and(JavaClass.Predicates.resideInAnyPackage(to)))
                .because("persistence and web meet in the domain or the application layer, not in each other")
                .allowEmptyShould(false);
    }

    /**
     * One slice per feature (the root's sub-packages), except that a domain package is a slice of its own: the
     * domain is the leaf every adapter depends on (the rule above keeps it one), so a feature using another
     * feature's domain types is not a cycle, while two features calling each other's services or adapters are.
     */
    ArchRule noCyclesBetweenFeatures() {
        List<PackageMatcher> domains = domain.stream().map(PackageMatcher::of).toList();
        String prefix = rootPackage + ".";
        SliceAssignment features = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                String name = type.getPackageName();
                if (!name.startsWith(prefix)) {
                    return SliceIdentifier.ignore();
                }
                String feature = name.substring(prefix.length()).split("\\.")[0];
                boolean inDomain = domains.stream().anyMatch(matcher -> matcher.matches(name));
                return SliceIdentifier.of(feature, inDomain ? "domain" : "adapters and services");
            }

            @Override
            public String getDescription() {
                return "features of " + rootPackage;
            }
        };
        return slices().assignedFrom(features)
                .should()
                .beFreeOfCycles()
                .because("features depend on each other in one direction, so each can be read on its own")
                .allowEmptyShould(false);
    }

    ArchRule noValueOutsideConfiguration() {
        return classes()
                .that()
                .resideInAPackage(rootPackage + "..")
                .should(new ArchCondition<JavaClass>("use @Value only in @Configuration classes") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (isConfiguration(type)) {
                            return;
                        }
                        for (String member : valueUses(type)) {
                            events.add(SimpleConditionEvent.violated(
                                    type,
                                    member + " is annotated with @Value in "
                                            + type.getName() + ", which is not a @Configuration class: bind a typed "
                                            + "@ConfigurationProperties record instead"));
                        }
                    }
                })
                .because("settings are validated records, one per prefix; @Value reads them loosely")
                .allowEmptyShould(false);
    }

    private static boolean isConfiguration(JavaClass type) {
        return type.isAnnotatedWith(CONFIGURATION) || type.isMetaAnnotatedWith(CONFIGURATION);
    }

    private static List<String> valueUses(JavaClass type) {
        List<String> uses = new ArrayList<>();
        type.getFields().stream().filter(ServiceArchitecture::hasValue).forEach(field -> uses.add(field.getFullName()));
        for (JavaCodeUnit code : type.getCodeUnits()) {
            if (hasValue(code)) {
                uses.add(code.getFullName());
            }
            for (JavaParameter parameter : code.getParameters()) {
                if (hasValue(parameter)) {
                    uses.add("parameter " + parameter.getIndex() + " of " + code.getFullName());
                }
            }
        }
        return uses;
    }

    private static boolean hasValue(CanBeAnnotated member) {
        return member.isAnnotatedWith(VALUE);
    }

    private DescribedPredicate<JavaClass> inService() {
        return JavaClass.Predicates.resideInAPackage(rootPackage + "..");
    }

    private static DescribedPredicate<JavaClass> outside(String... packages) {
        return JavaClass.Predicates.resideOutsideOfPackages(packages);
    }

    private Set<String> featurePackages() {
        Set<String> found = new TreeSet<>();
        String prefix = rootPackage + ".";
        for (JavaClass type : classes) {
            if (type.getPackageName().startsWith(prefix)) {
                found.add(type.getPackageName().substring(prefix.length()).split("\\.")[0]);
            }
        }
        return found;
    }

    private void requireClasses(String role, String[] packages) {
        for (String identifier : packages) {
            PackageMatcher matcher = PackageMatcher.of(identifier);
            boolean any = classes.stream()
                    .anyMatch(type ->
                            type.getPackageName().startsWith(rootPackage) && matcher.matches(type.getPackageName()));
            if (!any) {
                throw new AssertionError(role + " package " + identifier + " holds no classes under " + rootPackage
                        + ": a rule about it would pass vacuously (renamed or moved?)");
            }
        }
    }
}
