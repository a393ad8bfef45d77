package dev.patternshop.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery proves it came from us: {@code Patternshop-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." +
 * body)>}, the timestamp sent beside it in {@code Patternshop-Timestamp} (unix seconds). Signing the timestamp with
 * the body lets a receiver refuse a captured request replayed later; the {@code v1=} prefix leaves room for another
 * scheme beside it during a key or algorithm change.
 */
public final class WebhookSignature {

    public static final String DELIVERY_HEADER = "Patternshop-Delivery";
    public static final String EVENT_HEADER = "Patternshop-Event";
    public static final String TIMESTAMP_HEADER = "Patternshop-Timestamp";
    public static final String SIGNATURE_HEADER = "Patternshop-Signature";
    public static final String SCHEME = "v1=";

    private static final String ALGORITHM = "HmacSHA256";
    /** 256 bits, the HMAC-SHA256 block's worth of key strength. */
    private static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {}

    /** A new subscription's secret: random bytes as base64url text, which is also the HMAC key (its UTF-8 bytes). */
    public static String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The header value for this body sent at this timestamp. */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return SCHEME + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
