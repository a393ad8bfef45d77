package dev.patternshop.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

class BearerTokenConverterTest {

    static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl-_~+/";

    @Test
    void readsTheSameTokensAndRefusesTheSameHeadersAsSpringSecuritysConverter() {
        List<String> headers = new ArrayList<>(List.of(
                "Bearer " + JWT,
                "bearer " + JWT,
                "BEARER " + JWT + "==",
                "Bearer " + JWT + "=x",
                "Bearer  " + JWT,
                "Bearer\t" + JWT,
                "Bearer",
                "Bearer ",
                "Bearer =",
                "Bearerx " + JWT,
                "Bearer " + JWT + " ",
                "Bearer " + JWT + "\r\n",
                "Bearer " + JWT + "\u0000",
                "Bearer " + JWT.replace('.', 'é'),
                "Basic YWxpY2U6YWxpY2UtcGFzcw==",
                "Digest x",
                "",
                " Bearer " + JWT));
        Random random = new Random(42);
        String alphabet = "aZ09-._~+/= \t,;\"é\u0000Bearer";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder tail = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                tail.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add((random.nextBoolean() ? "Bearer " : "bEaReR") + tail);
        }

        for (String header : headers) {
            assertThat(outcome(new BearerTokenConverter(), header))
                    .as("Authorization: %s", header)
                    .isEqualTo(outcome(new ServerBearerTokenAuthenticationConverter(), header));
        }
    }

    @Test
    void noAuthorizationHeaderIsNoBearerToken() {
        assertThat(new BearerTokenConverter()
                        .convert(MockServerWebExchange.from(MockServerHttpRequest.get("/api/catalog/products")))
                        .blockOptional())
                .isEmpty();
    }

    /** The token read, "none", or "malformed". */
    private static String outcome(ServerAuthenticationConverter converter, String authorization) {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/orders").header(HttpHeaders.AUTHORIZATION, authorization));
        Authentication[] read = new Authentication[1];
        Throwable failure =
                catchThrowable(() -> read[0] = converter.convert(exchange).block());
        if (failure instanceof OAuth2AuthenticationException e) {
            return "malformed: " + e.getError().getErrorCode();
        }
        assertThat(failure).isNull();
        return read[0] == null ? "none" : ((BearerTokenAuthenticationToken) read[0]).getToken();
    }
}
