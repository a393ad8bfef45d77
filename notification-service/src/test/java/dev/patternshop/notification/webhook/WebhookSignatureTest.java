package dev.patternshop.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.notification.webhook.ReceiverSignatureCheck.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String BODY = "{\"deliveryId\":\"d\",\"type\":\"order.confirmed\"}";
    private final String secret = WebhookSignature.newSecret();
    private final Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final long timestamp = now.getEpochSecond();

    @Test
    void aSignatureIsTheHexHmacOfTimestampDotBodyWithTheSecret() {
        // Known answer, computed with openssl: printf '1700000000.{}' | openssl dgst -sha256 -hmac key
        assertThat(WebhookSignature.sign("key", 1_700_000_000L, "{}"))
                .isEqualTo("v1=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
    }

    @Test
    void theReceiverCheckAcceptsWhatTheSenderSigned() {
        ReceiverSignatureCheck receiver = new ReceiverSignatureCheck(secret);

        assertThat(receiver.check(
                        UUID.randomUUID().toString(),
                        Long.toString(timestamp),
                        WebhookSignature.sign(secret, timestamp, BODY),
                        BODY,
                        now))
                .isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void aChangedBodyTimestampOrSecretIsRejected() {
        ReceiverSignatureCheck receiver = new ReceiverSignatureCheck(secret);
        String signature = WebhookSignature.sign(secret, timestamp, BODY);

        assertThat(receiver.check("a", Long.toString(timestamp), signature, BODY + " ", now))
                .isEqualTo(Verdict.REJECT);
        assertThat(receiver.check("b", Long.toString(timestamp + 1), signature, BODY, now))
                .isEqualTo(Verdict.REJECT);
        assertThat(new ReceiverSignatureCheck(WebhookSignature.newSecret())
                        .check("c", Long.toString(timestamp), signature, BODY, now))
                .isEqualTo(Verdict.REJECT);
        assertThat(receiver.check("d", "not-a-number", signature, BODY, now)).isEqualTo(Verdict.REJECT);
    }

    @Test
    void aRequestOlderThanFiveMinutesIsRejectedEvenWithAValidSignature() {
        ReceiverSignatureCheck receiver = new ReceiverSignatureCheck(secret);
        long old = now.minus(Duration.ofMinutes(6)).getEpochSecond();

        assertThat(receiver.check("e", Long.toString(old), WebhookSignature.sign(secret, old, BODY), BODY, now))
                .isEqualTo(Verdict.REJECT);
    }

    @Test
    void theSameDeliveryTwiceIsADuplicate() {
        ReceiverSignatureCheck receiver = new ReceiverSignatureCheck(secret);
        String signature = WebhookSignature.sign(secret, timestamp, BODY);

        assertThat(receiver.check("f", Long.toString(timestamp), signature, BODY, now))
                .isEqualTo(Verdict.ACCEPT);
        assertThat(receiver.check("f", Long.toString(timestamp), signature, BODY, now))
                .isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void secretsAre32RandomBytesInBase64Url() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = WebhookSignature.newSecret();
            assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
            secrets.add(secret);
        }
        assertThat(secrets).hasSize(100);
    }
}
