package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusScrapeConfigTest {

    private static final Pattern TARGET =
            Pattern.compile("- targets: \\[\"127\\.0\\.0\\.1:(\\d+)\"]\\n\\s+labels:\\n\\s+instance: \"([a-z0-9-]+)\"");

    @Test
    void scrapesEveryServiceInstanceAndTheGatewaysManagementPortOnLoopback() {
        Topology topology = Topology.load(0);

        List<String> targets = targets(PrometheusScrapeConfig.render(topology));

        List<String> expected = new java.util.ArrayList<>();
        expected.add("gateway@" + topology.gatewayManagementPort());
        topology.serviceInstances().forEach(instance -> expected.add(instance.name() + "@" + instance.port()));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(targets).doesNotContain("gateway@" + topology.gatewayPort());
    }

    @Test
    void instancesAreNamedAsTheRuntimesProcessesAndComposesHosts() {
        String config = PrometheusScrapeConfig.render(Topology.load(0));

        assertThat(config)
                .contains("instance: \"catalog-service-1\"", "instance: \"catalog-service-2\"")
                .contains("instance: \"inventory-service-2\"", "instance: \"payment-service\"")
                .doesNotContain("payment-service-1");
    }

    @Test
    void oneJobPerServiceAndTheGatewayEachOnTheActuatorsPath() {
        String config = PrometheusScrapeConfig.render(Topology.load(0));

        for (String job : List.of(
                "gateway",
                "catalog-service",
                "order-service",
                "inventory-service",
                "payment-service",
                "notification-service")) {
            assertThat(config).contains("- job_name: \"" + job + "\"\n    metrics_path: \"/actuator/prometheus\"");
        }
        assertThat(config.split("job_name:", -1)).hasSize(Topology.SERVICES.size() + 2);
    }

    @Test
    void thePortOffsetMovesEveryTargetAndTheIntervalComesFromTheProperties() {
        Topology base = Topology.load(0);
        int offset = 2000;

        List<String> shifted = targets(PrometheusScrapeConfig.render(Topology.load(offset)));

        assertThat(shifted)
                .containsExactlyElementsOf(targets(PrometheusScrapeConfig.render(base)).stream()
                        .map(target -> {
                            String[] parts = target.split("@");
                            return parts[0] + "@" + (Integer.parseInt(parts[1]) + offset);
                        })
                        .toList());
        assertThat(PrometheusScrapeConfig.render(base))
                .contains("scrape_interval: \"" + base.prometheus().scrapeInterval() + "\"");
    }

    private static List<String> targets(String config) {
        Matcher matcher = TARGET.matcher(config);
        List<String> targets = new java.util.ArrayList<>();
        while (matcher.find()) {
            targets.add(matcher.group(2) + "@" + matcher.group(1));
        }
        return targets;
    }
}
