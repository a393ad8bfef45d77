package dev.patternshop.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What a webhook receiver checks before it trusts a request (shown in the README; a test runs it). */
public final class ReceiverSignatureCheck {

    public enum Verdict {
        ACCEPT,
        DUPLICATE,
        REJECT
    }

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] secret;
    // In production: a store shared by your instances, keeping ids a little longer than TOLERANCE.
    private final Set<String> seenDeliveries = ConcurrentHashMap.newKeySet();

    public ReceiverSignatureCheck(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The headers Patternshop-Delivery, -Timestamp, -Signature and the body exactly as received (not re-encoded). */
    public Verdict check(String deliveryId, String timestamp, String signature, String rawBody, Instant now) {
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Verdict.REJECT;
        }
        if (Math.abs(now.getEpochSecond() - sentAt) > TOLERANCE.toSeconds()) {
            return Verdict.REJECT; // too old (or from the future): a captured request replayed
        }
        byte[] expected =
                ("v1=" + HexFormat.of().formatHex(hmac(timestamp + "." + rawBody))).getBytes(StandardCharsets.UTF_8);
        if (signature == null || !MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
            return Verdict.REJECT; // constant-time comparison: timing reveals nothing
        }
        // A retry of a delivery you already handled: answer 2xx again, do not act twice.
        return seenDeliveries.add(deliveryId) ? Verdict.ACCEPT : Verdict.DUPLICATE;
    }

    private byte[] hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
