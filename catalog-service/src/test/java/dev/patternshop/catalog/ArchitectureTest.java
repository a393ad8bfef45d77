package dev.patternshop.catalog;

import dev.patternshop.testsupport.architecture.ServiceArchitecture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules every service keeps (test-support's ServiceArchitecture). The product domain is the package
 * {@code product} itself; its adapters live in its sub-packages; cache and replication are features of their own.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> rulesEveryServiceKeeps() {
        return ServiceArchitecture.of("dev.patternshop.catalog")
                .domain("dev.patternshop.catalog.product")
                .persistence("..persistence..")
                .web("..web..")
                .features()
                .rules();
    }
}
