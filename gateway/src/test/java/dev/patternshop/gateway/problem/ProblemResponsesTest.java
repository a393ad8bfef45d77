package dev.patternshop.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemResponsesTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void hostileDetailStaysInsideItsJsonString() {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.NOT_FOUND,
                "No resource at /api/x\",\"status\":200,\"evil\":\"\\\n\u0001.");

        JsonNode parsed = json.readTree(ProblemResponses.toJson(problem));

        assertThat(parsed.get("status").asInt()).isEqualTo(404);
        assertThat(parsed.has("evil")).isFalse();
        assertThat(parsed.get("detail").asString()).isEqualTo(problem.getDetail());
    }

    @Test
    void typeNamesTheStatus() {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "down");

        assertThat(problem.getType()).hasToString("https://patternshop.dev/problems/service-unavailable");
        assertThat(problem.getTitle()).isEqualTo("Service Unavailable");
    }
}
