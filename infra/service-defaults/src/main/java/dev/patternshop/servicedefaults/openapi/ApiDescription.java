package dev.patternshop.servicedefaults.openapi;

import dev.patternshop.servicedefaults.ProblemJson;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The parts of every Patternshop API description that springdoc cannot infer from the controllers: who the API
 * is, that calls need the gateway's bearer token (except the public ones), and that errors are problem+json.
 */
public final class ApiDescription {

    public static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String BAD_REQUEST = "BadRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String INTERNAL_ERROR = "InternalError";
    private static final Map<String, String> COMMON_ANSWERS = Map.of(
            BAD_REQUEST, "The request is malformed or a field is invalid (the problem names it).",
            UNAUTHORIZED, "No valid bearer token (WWW-Authenticate says which).",
            FORBIDDEN, "The token lacks the role this operation needs (ADMIN).",
            INTERNAL_ERROR, "An unexpected failure; the body says nothing internal (the log has it, by trace id).");

    private final List<PathPattern> publicPaths;
    private final List<PathPattern> publicReadPaths;

    /**
     * @param publicPaths     open to every method (the gateway's token endpoint, say)
     * @param publicReadPaths open to GET and HEAD (a service's {@code patternshop.security.public-read-paths})
     */
    public ApiDescription(List<String> publicPaths, List<String> publicReadPaths) {
        this.publicPaths = parse(publicPaths);
        this.publicReadPaths = parse(publicReadPaths);
    }

    /** Title, version and description; the bearer scheme, required by default. */
    public static OpenAPI base(String applicationName, OpenApiSettings settings) {
        return new OpenAPI()
                .info(new Info()
                        .title(applicationName)
                        .version(settings.version())
                        .description(settings.description()))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("An RS256 access token from POST /auth/token at the gateway "
                                                + "(demo users in the README); it lives 15 minutes.")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Marks the operations anyone may call (an empty security requirement overrides the default) and adds the
     * problem+json answers every operation can give, where the controller did not describe them itself.
     */
    public void describeOperations(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        // Here, not in base(): springdoc drops component schemas nothing references before the customizers run.
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        Components components = openApi.getComponents();
        if (components.getSchemas() == null || !components.getSchemas().containsKey(PROBLEM)) {
            components.addSchemas(PROBLEM, problemSchema());
        }
        COMMON_ANSWERS.forEach((name, description) -> components.addResponses(name, problem(description)));
        openApi.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    boolean open = isPublic(method, path);
                    if (open) {
                        operation.setSecurity(List.of());
                    }
                    ApiResponses responses =
                            operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                    if (hasInput(operation)) {
                        answer(responses, "400", BAD_REQUEST);
                    }
                    if (!open) {
                        answer(responses, "401", UNAUTHORIZED);
                    }
                    if (path.equals("/admin") || path.startsWith("/admin/")) {
                        answer(responses, "403", FORBIDDEN);
                    }
                    answer(responses, "500", INTERNAL_ERROR);
                    operation.setResponses(responses);
                }));
    }

    boolean isPublic(PathItem.HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        if (publicPaths.stream().anyMatch(pattern -> pattern.matches(container))) {
            return true;
        }
        return (method == PathItem.HttpMethod.GET || method == PathItem.HttpMethod.HEAD)
                && publicReadPaths.stream().anyMatch(pattern -> pattern.matches(container));
    }

    private static boolean hasInput(Operation operation) {
        return operation.getRequestBody() != null
                || (operation.getParameters() != null
                        && !operation.getParameters().isEmpty());
    }

    private static void answer(ApiResponses responses, String status, String name) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref("#/components/responses/" + name));
        }
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    /** RFC 9457, as {@link ProblemJson} writes it; a service may add properties (e.g. the invalid fields). */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem (application/problem+json).")
                .properties(Map.of(
                        "type", new StringSchema().format("uri").example(ProblemJson.TYPE_BASE + "not-found"),
                        "title", new StringSchema().example("Not Found"),
                        "status", new IntegerSchema().example(404),
                        "detail", new StringSchema(),
                        "instance", new StringSchema().format("uri")));
    }

    private static List<PathPattern> parse(List<String> patterns) {
        PathPatternParser parser = new PathPatternParser();
        return patterns.stream().map(parser::parse).toList();
    }
}
