package dev.patternshop.loadtests;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load helper: signs access tokens for many made-up customers with the local gateway's own key, so a load run
 * spreads over every shard and no customer reaches the cap on pending orders (the gateway's demo accounts are
 * three customers). The tokens are exactly what the gateway issues (RS256, same kid, issuer, audience, roles).
 * Local runtime only: it reads the private key the gateway keeps under .patternshop/data. Used by the Gatling
 * simulations and, as a single-file program, by the wrk harnesses:
 *
 *   java load-tests/src/test/java/dev/patternshop/loadtests/CustomerTokens.java <signing-key.json> <count> <minutes valid>
 */
public final class CustomerTokens {

    private CustomerTokens() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CustomerTokens <signing-key.json> <count> <minutes valid>");
            System.exit(2);
        }
        System.out.println(String.join(
                "\n", mint(Path.of(args[0]), Integer.parseInt(args[1]), Duration.ofMinutes(Long.parseLong(args[2])))));
    }

    /** {@code count} tokens of as many new customers, valid for {@code valid}. */
    public static List<String> mint(Path signingKey, int count, Duration valid) throws Exception {
        String jwk = Files.readString(signingKey);
        long validSeconds = valid.toSeconds();
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateCrtKeySpec(
                        number(jwk, "n"),
                        number(jwk, "e"),
                        number(jwk, "d"),
                        number(jwk, "p"),
                        number(jwk, "q"),
                        number(jwk, "dp"),
                        number(jwk, "dq"),
                        number(jwk, "qi")));
        String header = base64("{\"alg\":\"RS256\",\"kid\":\"" + field(jwk, "kid") + "\"}");
        long now = Instant.now().getEpochSecond();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String claims = base64("{\"iss\":\"patternshop-gateway\",\"aud\":[\"patternshop\"],\"sub\":\""
                    + UUID.randomUUID()
                    + "\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + validSeconds) + ",\"jti\":\""
                    + UUID.randomUUID() + "\",\"roles\":[\"CUSTOMER\"],\"preferred_username\":\"load-" + i + "\"}");
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            tokens.add(header + "." + claims + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign()));
        }
        return tokens;
    }

    private static String field(String json, String name) {
        Matcher matcher =
                Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("the key has no " + name);
        }
        return matcher.group(1);
    }

    private static BigInteger number(String json, String name) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(field(json, name)));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
