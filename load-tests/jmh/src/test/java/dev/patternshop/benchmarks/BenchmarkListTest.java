package dev.patternshop.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The build ran JMH's annotation processor (javac 23+ runs none by itself): otherwise there is nothing to run. */
class BenchmarkListTest {

    @Test
    void everyBenchmarkIsListed() throws IOException {
        String list;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(in).as("META-INF/BenchmarkList").isNotNull();
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // One line per benchmark method, naming the class JMH generated for it.
        assertThat(list.lines())
                .hasSize(14)
                .anySatisfy(line -> assertThat(line).contains("OrderIdBenchmark_compose_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("OrderIdBenchmark_parse_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("ShardRoutingBenchmark_customerToLogicalShard_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("ShardRoutingBenchmark_customerToCluster_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("ShardRoutingBenchmark_orderToCluster_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("TokenBenchmark_issueAtGateway_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("TokenBenchmark_verifyAtGateway_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("TokenBenchmark_verifyAtService_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("TokenBenchmark_verifyRememberedToken_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("RateLimitDecisionBenchmark_policyForRoute_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("RateLimitDecisionBenchmark_knownClients_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("RateLimitDecisionBenchmark_churningClients_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("RateLimitDecisionBenchmark_localShare_jmhTest"))
                .anySatisfy(line -> assertThat(line).contains("WebhookSignatureBenchmark_sign_jmhTest"));
    }
}
