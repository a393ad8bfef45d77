package dev.patternshop.servicedefaults.security;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every MVC service is an OAuth2 resource server: it checks the gateway's RS256 tokens itself against the
 * gateway's JWKS (fetched on first use, cached, re-fetched for an unknown key id), so a request that
 * bypasses the gateway gains nothing. The token's subject is the caller's customer id.
 *
 * <p>Rules: the actuator is open on the service port (operators' network; the gateway exposes only health),
 * {@code patternshop.security.public-read-paths} and the API description ({@code /v3/api-docs/**}) are open to
 * GET/HEAD, {@code /admin/**} needs ADMIN,
 * everything else a valid token. No sessions, no CSRF (no cookies are ever read).
 */
// Before Boot's own security auto-configurations, which back off when these beans exist.
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecuritySettings.class)
@EnableWebSecurity
public class ResourceServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecuritySettings settings) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(
                        settings.jwkSetUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(TokenContract.validator());
        return new CachingJwtDecoder(
                decoder,
                new VerifiedTokenCache(
                        settings.verifiedTokenCacheSize(), TokenContract.validator(), Clock.systemUTC()));
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain serviceSecurity(
            HttpSecurity http, SecuritySettings settings, JwtDecoder decoder, Environment environment)
            throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        String[] publicReads = settings.publicReadPaths().toArray(String[]::new);
        // The API description is public to read (the gateway's docs UI fetches it without a token); nothing else.
        String apiDocs = environment.getProperty("springdoc.api-docs.path", "/v3/api-docs") + "/**";
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/**", "/error").permitAll();
                    requests.requestMatchers("/admin/**").hasRole(TokenContract.ADMIN);
                    requests.requestMatchers(HttpMethod.GET, apiDocs).permitAll();
                    requests.requestMatchers(HttpMethod.HEAD, apiDocs).permitAll();
                    if (publicReads.length > 0) {
                        requests.requestMatchers(HttpMethod.GET, publicReads).permitAll();
                        requests.requestMatchers(HttpMethod.HEAD, publicReads).permitAll();
                    }
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder)
                                .jwtAuthenticationConverter(TokenContract.authenticationConverter()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }
}
