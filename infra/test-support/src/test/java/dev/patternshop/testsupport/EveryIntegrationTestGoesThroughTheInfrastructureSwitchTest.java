package dev.patternshop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.testsupport.InfrastructureSwitchRule.Source;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Testcontainers path cannot run on our machines (no Docker engine), so what keeps it honest is this: every
 * IT in the repository gets its servers through {@link TestInfrastructure} (see {@link InfrastructureSwitchRule}
 * for the three rules), and whatever needs the embedded processes says so with {@link EmbeddedInfrastructureOnly}.
 * The fixtures below show each rule refusing what breaks it.
 */
class EveryIntegrationTestGoesThroughTheInfrastructureSwitchTest {

    @Test
    void everyIntegrationTestInTheRepositoryGoesThroughTheInfrastructureSwitch() {
        InfrastructureSwitchRule rule = InfrastructureSwitchRule.ofRepository(RepositoryRoot.find());

        // Not vacuous: the scan finds the ITs of every module (49 when this was written).
        assertThat(rule.integrationTestNames())
                .hasSizeGreaterThan(40)
                .contains(
                        "ProductApiIT",
                        "OrderReadsIT",
                        "InboxConsumerIT",
                        "StreamingReplicaIT",
                        "LocalRuntimeSystemIT");
        assertThat(rule.violations()).isEmpty();
    }

    @Test
    void anItThatStartsItsOwnServersIsRefused() {
        List<String> violations = check(it("OwnServersIT", """
                import dev.patternshop.infra.embedded.PostgresCluster;
                import org.testcontainers.postgresql.PostgreSQLContainer;
                class OwnServersIT {
                    static final String URL = "jdbc:postgresql://localhost:5432/shop";
                    static final String KAFKA = "localhost:9092";
                    static final String ORIGIN = "http://localhost:5173";
                    @Test
                    @EmbeddedInfrastructureOnly("has a cluster of its own")
                    void own() {
                        PostgresCluster.ephemeral("x", null, 1, 2);
                        new PostgreSQLContainer("postgres");
                    }
                }
                """));

        assertThat(violations)
                .anyMatch(v -> v.contains("PostgresCluster.ephemeral"))
                .anyMatch(v -> v.contains("new PostgreSQLContainer"))
                .anyMatch(v -> v.contains("imports Testcontainers"))
                .anyMatch(v -> v.contains("hard-codes a server address: \"jdbc:postgresql://localhost:5432/shop\""))
                .anyMatch(v -> v.contains("hard-codes a server address: \"localhost:9092\""))
                .noneMatch(v -> v.contains("5173"));
    }

    @Test
    void aTestThatStopsAServerWithoutTheMarkIsRefusedAndWithItAccepted() {
        String body = """
                class RedisDownIT {
                    @Test
                    %s
                    void redisDown() {
                        TestInfrastructure.embedded().redisServer().stop();
                    }
                }
                """;

        assertThat(check(realInfrastructure("RedisDownIT", body.formatted(""))))
                .singleElement()
                .asString()
                .contains("redisDown()", "TestInfrastructure.embedded()", "without @EmbeddedInfrastructureOnly");
        assertThat(check(realInfrastructure(
                        "RedisDownIT", body.formatted("@EmbeddedInfrastructureOnly(\"stops Redis\")"))))
                .isEmpty();
    }

    @Test
    void embeddedUseThroughAHelperMethodABaseClassOrAHelperClassIsFollowed() {
        List<String> throughMethod = check(realInfrastructure("ViaMethodIT", """
                class ViaMethodIT {
                    @Test
                    void pausesTheReplica() {
                        replay(null);
                    }
                    private static void replay(PostgresCluster cluster) {}
                }
                """));
        List<String> throughBaseClass = check(
                realInfrastructure("ViaBaseIT", "class ViaBaseIT extends Base {}"), new Source("m/", "Base.java", """
                        abstract class Base {
                            @BeforeAll
                            static void stopKafka() { TestInfrastructure.embedded().kafkaBroker().stop(); }
                        }
                        """));
        List<String> throughHelperClass =
                check(realInfrastructure("ViaHelperIT", """
                        class ViaHelperIT {
                            @Test
                            void t() { Outages.stopRedis(); }
                        }
                        """), new Source("m/", "Outages.java", """
                        final class Outages {
                            static void stopRedis() { TestInfrastructure.embedded().redisServer().stop(); }
                        }
                        """));

        assertThat(throughMethod).singleElement().asString().contains("pausesTheReplica()", "through replay()");
        assertThat(throughBaseClass).singleElement().asString().contains("ViaBaseIT", "stopKafka()", "on the class");
        assertThat(throughHelperClass).singleElement().asString().contains("helper Outages");
    }

    @Test
    void aMarkWithoutAReasonOrWhereNothingEmbeddedIsUsedIsRefused() {
        List<String> blank = check(realInfrastructure("BlankIT", """
                @EmbeddedInfrastructureOnly(" ")
                class BlankIT {
                    @Test
                    void t() { TestInfrastructure.embedded(); }
                }
                """));
        List<String> needless = check(realInfrastructure("NeedlessIT", """
                class NeedlessIT {
                    @Test
                    @EmbeddedInfrastructureOnly("just in case")
                    void t() { TestInfrastructure.shared().pauseReplicaReplay(); }
                }
                """));

        assertThat(blank).singleElement().asString().contains("needs a reason");
        assertThat(needless).singleElement().asString().contains("can run on both paths");
    }

    @Test
    void anItThatTalksToInfrastructureOutsideTheSwitchIsRefused() {
        List<String> violations = check(it("StrayIT", """
                import org.springframework.boot.test.context.SpringBootTest;
                import org.apache.kafka.clients.admin.Admin;
                @SpringBootTest
                class StrayIT {
                    @Test
                    void t() {}
                }
                """));

        assertThat(violations).singleElement().asString().contains("StrayIT", "not through the switch");
    }

    @Test
    void theSwitchIsFoundOnAComposedAnnotationABaseClassOrAHelper() {
        Source composed = new Source("m/", "ShopIntegrationTest.java", """
                @SpringBootTest
                @RealInfrastructure(postgres = true)
                @interface ShopIntegrationTest {}
                """);
        Source base = new Source("m/", "ShopBase.java", """
                @ShopIntegrationTest
                abstract class ShopBase {}
                """);
        Source helper = new Source("m/", "Fixture.java", """
                final class Fixture {
                    static final String SERVERS = TestInfrastructure.shared().kafkaBootstrapServers();
                }
                """);

        assertThat(check(
                        composed,
                        base,
                        helper,
                        it("ComposedIT", "import java.sql.Connection;\n@ShopIntegrationTest class ComposedIT {}"),
                        it("InheritedIT", "import java.sql.Connection;\nclass InheritedIT extends ShopBase {}"),
                        it("HelperIT", """
                                import org.apache.kafka.clients.admin.Admin;
                                class HelperIT {
                                    @Test
                                    void t() { Admin.create(java.util.Map.of("bootstrap.servers", Fixture.SERVERS)); }
                                }
                                """)))
                .isEmpty();
    }

    private static List<String> check(Source... sources) {
        return InfrastructureSwitchRule.of(List.of(sources)).violations();
    }

    private static Source it(String name, String text) {
        return new Source("m/", name + ".java", text);
    }

    /** An IT that gets its servers the usual way, so that only the rule under test can fail. */
    private static Source realInfrastructure(String name, String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int declaration = 0;
        while (!lines.get(declaration).contains("class " + name)) {
            declaration++;
        }
        lines.add(declaration, "@RealInfrastructure(redis = true)");
        return it(name, String.join("\n", lines));
    }
}
