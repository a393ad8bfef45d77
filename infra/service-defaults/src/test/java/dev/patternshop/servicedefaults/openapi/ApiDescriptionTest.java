package dev.patternshop.servicedefaults.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiDescriptionTest {

    private final ApiDescription description = new ApiDescription(List.of("/auth/token"), List.of("/products/**"));

    @Test
    void baseNamesTheApplicationAndRequiresTheBearerTokenByDefault() {
        OpenAPI api = ApiDescription.base("catalog-service", new OpenApiSettings("1.2.3", "Products.", null));

        assertThat(api.getInfo().getTitle()).isEqualTo("catalog-service");
        assertThat(api.getInfo().getVersion()).isEqualTo("1.2.3");
        assertThat(api.getInfo().getDescription()).isEqualTo("Products.");
        assertThat(api.getComponents()
                        .getSecuritySchemes()
                        .get(ApiDescription.BEARER)
                        .getBearerFormat())
                .isEqualTo("JWT");
        assertThat(api.getSecurity())
                .singleElement()
                .satisfies(requirement -> assertThat(requirement).containsKey(ApiDescription.BEARER));
    }

    @Test
    void publicReadsNeedNoTokenButWritesOnTheSamePathDo() {
        Operation read = new Operation().addParametersItem(new PathParameter().name("id"));
        Operation write = new Operation();
        OpenAPI api = new OpenAPI()
                .paths(new Paths()
                        .addPathItem("/products/{id}", new PathItem().get(read).put(write)));

        description.describeOperations(api);

        assertThat(read.getSecurity()).isEmpty();
        assertThat(read.getResponses()).containsKeys("400", "500").doesNotContainKey("401");
        assertThat(write.getSecurity()).isNull();
        assertThat(write.getResponses()).containsKeys("401", "500");
        assertThat(api.getComponents().getSchemas()).containsKey(ApiDescription.PROBLEM);
    }

    @Test
    void pathsOpenToEveryMethodNeedNoTokenAndAdminPathsMayAnswer403() {
        Operation login = new Operation();
        Operation admin = new Operation();
        OpenAPI api = new OpenAPI()
                .paths(new Paths()
                        .addPathItem("/auth/token", new PathItem().post(login))
                        .addPathItem("/admin/products", new PathItem().post(admin)));

        description.describeOperations(api);

        assertThat(login.getSecurity()).isEmpty();
        assertThat(admin.getResponses()).containsKeys("401", "403");
    }

    @Test
    void answersTheControllerDescribedItselfAreKept() {
        ApiResponse own = new ApiResponse().description("our own 400");
        Operation operation = new Operation()
                .addParametersItem(new PathParameter().name("id"))
                .responses(new ApiResponses().addApiResponse("400", own));
        OpenAPI api = new OpenAPI().paths(new Paths().addPathItem("/orders/{id}", new PathItem().get(operation)));

        description.describeOperations(api);

        assertThat(operation.getResponses().get("400")).isSameAs(own);
        assertThat(operation.getResponses().get("500").get$ref()).endsWith("/" + ApiDescription.INTERNAL_ERROR);
        assertThat(api.getComponents()
                        .getResponses()
                        .get(ApiDescription.INTERNAL_ERROR)
                        .getContent())
                .containsKey("application/problem+json");
    }
}
