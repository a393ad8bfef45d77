package dev.patternshop.servicedefaults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every service answers a broken rule the same way: 400 invalid-request, the sentence, and {field: rule}. */
class InvalidRequestTest {

    @Test
    void aBrokenRuleIsA400ProblemNamingTheFieldAndTheRule() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(new Refusing())
                .setControllerAdvice(new ProblemDetailsAdvice())
                .build();

        MvcResult result = mvc.perform(MockMvcRequestBuilders.get("/refuse")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(MediaType.parseMediaType(result.getResponse().getContentType()))
                .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result.getResponse().getContentAsString())
                .contains("\"type\":\"https://patternshop.dev/problems/invalid-request\"")
                .contains("\"detail\":\"size must be between 1 and 100\"")
                .contains("\"errors\":{\"size\":\"must be between 1 and 100\"}");
    }

    @RestController
    static class Refusing {

        @GetMapping("/refuse")
        String refuse() {
            throw new InvalidRequest("size", "must be between 1 and 100");
        }
    }
}
