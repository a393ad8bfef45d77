package dev.patternshop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The demo receiver's check of a delivery: what a customer's endpoint must do with notification's signature. */
class DemoWebhookReceiverTest {

    private static final byte[] BODY = "{\"type\":\"order.confirmed\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureOverTheTimestampAndTheBodyWithTheSecretIsValid() throws Exception {
        String now = Long.toString(Instant.now().getEpochSecond());

        assertThat(DemoWebhookReceiver.check("s3cret", now, sign("s3cret", now, BODY), BODY))
                .isEqualTo("valid");
    }

    @Test
    void anotherSecretAnotherBodyOrAMalformedSignatureIsInvalid() throws Exception {
        String now = Long.toString(Instant.now().getEpochSecond());
        String signature = sign("s3cret", now, BODY);

        assertThat(DemoWebhookReceiver.check("other", now, signature, BODY)).isEqualTo("invalid");
        assertThat(DemoWebhookReceiver.check("s3cret", now, signature, "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("invalid");
        assertThat(DemoWebhookReceiver.check("s3cret", now, "v1=zz", BODY)).isEqualTo("invalid");
        assertThat(DemoWebhookReceiver.check("s3cret", "yesterday", signature, BODY))
                .isEqualTo("invalid");
    }

    @Test
    void anOldTimestampIsStaleEvenWithAValidSignature() throws Exception {
        String anHourAgo = Long.toString(Instant.now().minusSeconds(3600).getEpochSecond());

        assertThat(DemoWebhookReceiver.check("s3cret", anHourAgo, sign("s3cret", anHourAgo, BODY), BODY))
                .isEqualTo("stale");
    }

    @Test
    void withoutAKnownSecretADeliveryIsUnverified() {
        assertThat(DemoWebhookReceiver.check(null, "1", "v1=00", BODY)).isEqualTo("unverified");
    }

    private static String sign(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
