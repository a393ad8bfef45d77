package dev.patternshop.gateway;

import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every service keeps (test-support's ServiceArchitecture), as far as the edge has the packages they
 * guard: it has no domain and no database, so its features (auth, loadbalancing, problem, ratelimit, routing,
 * storefront) are checked for cycles, and every class for {@code @Value} outside configuration.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> rulesEveryServiceKeeps() {
        return ServiceArchitecture.of("dev.patternshop.gateway").features().rules();
    }
}
