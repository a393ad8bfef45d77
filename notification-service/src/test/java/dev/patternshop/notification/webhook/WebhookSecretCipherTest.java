package dev.patternshop.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSecretCipherTest {

    private static final UUID SUBSCRIPTION = UUID.randomUUID();
    private static final String SECRET = WebhookSignature.newSecret();

    private final WebhookSecretCipher cipher = new WebhookSecretCipher(newKey());

    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void aSealedSecretOpensToItselfAndDoesNotShowIt() {
        String sealed = cipher.seal(SUBSCRIPTION, SECRET);

        assertThat(sealed).startsWith(WebhookSecretCipher.PREFIX).doesNotContain(SECRET);
        assertThat(cipher.open(SUBSCRIPTION, sealed)).isEqualTo(SECRET);
    }

    @Test
    void theSameSecretSealsDifferentlyEachTime() {
        assertThat(cipher.seal(SUBSCRIPTION, SECRET)).isNotEqualTo(cipher.seal(SUBSCRIPTION, SECRET));
    }

    @Test
    void aSecretSealedForAnotherSubscriptionDoesNotOpen() {
        String sealed = cipher.seal(UUID.randomUUID(), SECRET);

        assertThatThrownBy(() -> cipher.open(SUBSCRIPTION, sealed))
                .isInstanceOf(WebhookSecretCipher.SecretDoesNotOpen.class)
                .message()
                .doesNotContain(SECRET);
    }

    @Test
    void aSecretSealedUnderAnotherKeyDoesNotOpen() {
        String sealed = new WebhookSecretCipher(newKey()).seal(SUBSCRIPTION, SECRET);

        assertThatThrownBy(() -> cipher.open(SUBSCRIPTION, sealed))
                .isInstanceOf(WebhookSecretCipher.SecretDoesNotOpen.class);
    }

    @Test
    void anAlteredSealedSecretDoesNotOpen() {
        String sealed = cipher.seal(SUBSCRIPTION, SECRET);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(WebhookSecretCipher.PREFIX.length()));
        bytes[bytes.length / 2] ^= 1;
        String altered = WebhookSecretCipher.PREFIX + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> cipher.open(SUBSCRIPTION, altered))
                .isInstanceOf(WebhookSecretCipher.SecretDoesNotOpen.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1:", "v1:AAAA", "v1:not base64!"})
    void aTruncatedOrGarbledValueDoesNotOpen(String stored) {
        assertThatThrownBy(() -> cipher.open(SUBSCRIPTION, stored))
                .isInstanceOf(WebhookSecretCipher.SecretDoesNotOpen.class);
    }

    @Test
    void aSecretStoredBeforeSecretsWereSealedIsReadAsItIs() {
        assertThat(cipher.open(SUBSCRIPTION, SECRET)).isEqualTo(SECRET);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not base64!",
                "AAAA",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            })
    void aKeyThatIsNot32BytesOfBase64StopsTheStart(String key) {
        assertThatThrownBy(() -> new WebhookSecretCipher(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notification.webhooks.secret-key");
    }
}
