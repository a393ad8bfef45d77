import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark helper: signs access tokens for many made-up customers with the local gateway's own key, so a load
 * run spreads over every shard (the gateway's demo accounts are three customers). The tokens are exactly what
 * the gateway issues (RS256, same kid, issuer, audience, roles). Local runtime only: it reads the private key
 * the gateway keeps under .patternshop/data.
 *
 *   java load-tests/bin/MintCustomerTokens.java <signing-key.json> <count> <minutes valid>  > tokens.txt
 */
public class MintCustomerTokens {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MintCustomerTokens <signing-key.json> <count> <minutes valid>");
            System.exit(2);
        }
        String jwk = Files.readString(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        long validSeconds = Long.parseLong(args[2]) * 60;
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                number(jwk, "n"), number(jwk, "e"), number(jwk, "d"), number(jwk, "p"), number(jwk, "q"),
                number(jwk, "dp"), number(jwk, "dq"), number(jwk, "qi")));
        String header = base64("{\"alg\":\"RS256\",\"kid\":\"" + field(jwk, "kid") + "\"}");
        long now = Instant.now().getEpochSecond();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String claims = base64("{\"iss\":\"patternshop-gateway\",\"aud\":[\"patternshop\"],\"sub\":\"" + UUID.randomUUID()
                    + "\",\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + validSeconds) + ",\"jti\":\""
                    + UUID.randomUUID() + "\",\"roles\":[\"CUSTOMER\"],\"preferred_username\":\"load-" + i + "\"}");
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            tokens.add(header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign()));
        }
        System.out.println(String.join("\n", tokens));
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
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
