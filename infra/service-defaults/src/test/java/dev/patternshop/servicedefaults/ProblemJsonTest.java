package dev.patternshop.servicedefaults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void hostileDetailStaysInsideItsJsonString() {
        ProblemDetail problem = ProblemJson.problem(
                HttpStatus.NOT_FOUND, "No resource at /api/x\",\"status\":200,\"evil\":\"\\\n\u0001.");

        JsonNode parsed = json.readTree(ProblemJson.toJson(problem));

        assertThat(parsed.get("status").asInt()).isEqualTo(404);
        assertThat(parsed.has("evil")).isFalse();
        assertThat(parsed.get("detail").asString()).isEqualTo(problem.getDetail());
    }

    @Test
    void typeNamesTheStatus() {
        ProblemDetail problem = ProblemJson.problem(HttpStatus.SERVICE_UNAVAILABLE, "down");

        assertThat(problem.getType()).hasToString("https://patternshop.dev/problems/service-unavailable");
        assertThat(problem.getTitle()).isEqualTo("Service Unavailable");
    }
}
