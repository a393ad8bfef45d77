package dev.patternshop.notification.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals subscription secrets at rest, so that a copy of the database does not hand out the keys that sign our
 * webhooks. The HMAC needs the secret itself, so it is encrypted, not hashed: AES-256-GCM under the key of
 * {@code notification.webhooks.secret-key}, a fresh 96-bit nonce per secret, and the subscription's id as associated
 * data (a sealed secret copied onto another subscription does not open). Stored as
 * {@value #PREFIX}{@code base64(nonce || ciphertext || tag)}; a value without the prefix was stored before secrets
 * were sealed and is read as it is.
 */
final class WebhookSecretCipher {

    static final String PREFIX = "v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** {@code base64Key}: 32 random bytes, base64; anything else stops the start. */
    WebhookSecretCipher(String base64Key) {
        byte[] bytes = decode(base64Key);
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(
                    "notification.webhooks.secret-key must be " + KEY_BYTES + " random bytes, base64-encoded");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    String seal(UUID subscriptionId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, nonce, subscriptionId, secret.getBytes(StandardCharsets.UTF_8));
        return PREFIX
                + Base64.getEncoder()
                        .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                                .put(nonce)
                                .put(sealed)
                                .array());
    }

    /**
     * The secret; {@link SecretDoesNotOpen} when it was sealed under another key or for another subscription, or
     * altered.
     */
    String open(UUID subscriptionId, String stored) {
        if (!stored.startsWith(PREFIX)) {
            return stored;
        }
        byte[] bytes = decode(stored.substring(PREFIX.length()));
        if (bytes.length <= NONCE_BYTES) {
            throw new SecretDoesNotOpen();
        }
        byte[] secret = run(
                Cipher.DECRYPT_MODE,
                Arrays.copyOf(bytes, NONCE_BYTES),
                subscriptionId,
                Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length));
        return new String(secret, StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] nonce, UUID subscriptionId, byte[] input) {
        Cipher cipher;
        try {
            cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
        cipher.updateAAD(subscriptionId.toString().getBytes(StandardCharsets.UTF_8));
        try {
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new SecretDoesNotOpen();
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** A stored secret that does not open; says nothing of the value. */
    static final class SecretDoesNotOpen extends RuntimeException {

        SecretDoesNotOpen() {
            super("the subscription's secret does not open: sealed under another key or for another subscription, or"
                    + " altered");
        }
    }
}
