package dev.patternshop.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EdgeFirewallTest {

    /** Spring Security's own expressions (StrictServerWebExchangeFirewall), which the loops replace. */
    static final Pattern SPRING_HEADER_NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    static final Pattern SPRING_HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void aMissingValueHasNothingToRefuse() {
        assertThat(EdgeFirewall.isAllowedHeaderValue(null))
                .as("as Spring's predicate answers")
                .isTrue();
    }

    @Test
    void headerNamesAndValuesAreJudgedExactlyAsSpringSecuritysExpressionsJudgeThem() {
        List<String> samples = new ArrayList<>(List.of(
                "",
                "Authorization",
                "text/html; q=0.9",
                "a\tb",
                "a\r\nX-Injected: 1",
                "nul\u0000",
                "del\u007f",
                "c1\u0085",
                "nbsp\u00a0",
                "unassigned\u0378",
                "emoji\uD83D\uDE00",
                "lone\uD83D",
                "lone\uDE00end",
                "private\uE000",
                "bom\uFEFF"));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000)));
            }
            samples.add(text.toString());
        }

        for (String sample : samples) {
            assertThat(EdgeFirewall.isAllowedHeaderName(sample))
                    .as("name %s", sample.codePoints().boxed().toList())
                    .isEqualTo(SPRING_HEADER_NAME.matcher(sample).matches());
            assertThat(EdgeFirewall.isAllowedHeaderValue(sample))
                    .as("value %s", sample.codePoints().boxed().toList())
                    .isEqualTo(SPRING_HEADER_VALUE.matcher(sample).matches());
        }
    }
}
