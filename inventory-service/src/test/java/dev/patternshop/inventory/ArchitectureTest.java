package dev.patternshop.inventory;

import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every service keeps (test-support's ServiceArchitecture), as far as the service has classes for them.
 * Today it is its application class alone, so only "no @Value outside configuration" applies (on real classes).
 * Add to this chain as the packages appear, and each rule starts to apply (and fails while its package is empty):
 * {@code .domain("dev.patternshop.inventory.<feature>.domain")} with the first framework-free domain class,
 * {@code .persistence("..persistence..").web("..web..")} once both adapters exist,
 * {@code .features()} with the second feature package (cycles need two).
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> rulesEveryServiceKeeps() {
        return ServiceArchitecture.of("dev.patternshop.inventory").rules();
    }
}
