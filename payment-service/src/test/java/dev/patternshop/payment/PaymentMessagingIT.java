package dev.patternshop.payment;

import static dev.patternshop.payment.SagaFixtures.authorize;
import static dev.patternshop.payment.SagaFixtures.key;
import static dev.patternshop.payment.SagaFixtures.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.MessageHeaders;
import dev.patternshop.events.Topics;
import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.PaymentAuthorized;
import dev.patternshop.events.payment.v1.PaymentCommandRejected;
import dev.patternshop.events.payment.v1.PaymentDeclined;
import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.events.payment.v1.PaymentRefunded;
import dev.patternshop.events.payment.v1.PaymentVoided;
import dev.patternshop.events.payment.v1.RefundPayment;
import dev.patternshop.events.payment.v1.VoidPayment;
import dev.patternshop.payment.ScriptedPaymentProvider.Call;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer;
import dev.patternshop.testsupport.TestInfrastructure;
import dev.patternshop.testsupport.kafka.ConsumerMeters;
import dev.patternshop.testsupport.kafka.TopicReader;
import dev.patternshop.testsupport.kafka.TopicWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka path end to end inside the service: the test plays the order saga, producing commands to
 * {@code payment.commands.v1} (key = order id, the envelope in headers, the contract's JSON) and reading the replies
 * the relay publishes on {@code payment.events.v1}; the provider is scripted, and counts its calls and their keys.
 */
@PaymentIntegrationTest
class PaymentMessagingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONSUMER = "commands";

    private static TopicWriter saga;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    ScriptedPaymentProvider provider;

    @Autowired
    MeterRegistry meters;

    TopicReader topics;

    @BeforeAll
    static void producer() {
        saga = new TopicWriter(TestInfrastructure.shared().kafkaBootstrapServers());
    }

    @AfterAll
    static void closeProducer() {
        saga.close();
    }

    @BeforeEach
    void reader() {
        topics = new TopicReader(bootstrapServers);
    }

    @Test
    void anAuthorizeIsAnsweredPaymentAuthorizedAfterOneProviderCallUnderTheAuthorizeKey() {
        String order = newOrderId();
        Envelope command = Envelope.first(AuthorizePayment.TYPE, order, Instant.now());

        send(order, command, authorize(order, "customer-a", 2599));

        ConsumerRecord<String, String> reply = single(replies(order, 1));
        assertThat(header(reply, MessageHeaders.MESSAGE_TYPE)).isEqualTo(PaymentAuthorized.TYPE);
        assertThat(header(reply, MessageHeaders.CORRELATION_ID)).isEqualTo(order);
        assertThat(header(reply, MessageHeaders.CAUSATION_ID))
                .isEqualTo(command.messageId().toString());
        PaymentId payment = PaymentId.forOrder(order);
        assertThat(JSON.readValue(reply.value(), PaymentAuthorized.class))
                .isEqualTo(new PaymentAuthorized(
                        order,
                        payment.toString(),
                        2599,
                        "EUR",
                        ScriptedPaymentProvider.reference(key(order, "authorize"))));
        assertThat(provider.calls(payment)).containsExactly(new Call("authorize", payment, payment + ":authorize"));
    }

    @Test
    void theSameCommandRecordDeliveredTwiceIsAppliedOnceAndCountedAsADuplicate() {
        String order = newOrderId();
        Envelope command = Envelope.first(AuthorizePayment.TYPE, order, Instant.now());
        double duplicates = consumerMeters().consumed("duplicate");

        send(order, command, authorize(order, "customer-a", 1000));
        send(order, command, authorize(order, "customer-a", 1000));

        await().atMost(WAIT).until(() -> consumerMeters().consumed("duplicate") >= duplicates + 1);
        ConsumerRecord<String, String> reply = single(replies(order, 1));
        assertThat(header(reply, MessageHeaders.MESSAGE_TYPE)).isEqualTo(PaymentAuthorized.TYPE);
        assertThat(provider.calls(PaymentId.forOrder(order))).hasSize(1);
    }

    @Test
    void anAuthorizeSentAgainWithANewMessageIdIsAnsweredAlikeWithoutCallingTheProviderAgain() {
        String order = newOrderId();
        Envelope first = Envelope.first(AuthorizePayment.TYPE, order, Instant.now());
        // The saga's supervisor, seeing no answer in time, sends the command again: a new message.
        Envelope again = Envelope.first(AuthorizePayment.TYPE, order, Instant.now());

        send(order, first, authorize(order, "customer-a", 1000));
        send(order, again, authorize(order, "customer-a", 1000));

        List<ConsumerRecord<String, String>> answers = replies(order, 2);
        assertThat(answers)
                .extracting(r -> header(r, MessageHeaders.MESSAGE_TYPE))
                .containsOnly(PaymentAuthorized.TYPE);
        assertThat(answers)
                .extracting(r -> header(r, MessageHeaders.CAUSATION_ID))
                .containsExactly(first.messageId().toString(), again.messageId().toString());
        assertThat(JSON.readValue(answers.get(1).value(), PaymentAuthorized.class))
                .isEqualTo(JSON.readValue(answers.get(0).value(), PaymentAuthorized.class));
        assertThat(provider.calls(PaymentId.forOrder(order))).hasSize(1);
    }

    @Test
    void aDeclineIsAnsweredPaymentDeclined() {
        String order = newOrderId();
        provider.script(key(order, "authorize"), new ProviderAnswer.Declined(PaymentDeclined.CARD_DECLINED));

        send(order, Envelope.first(AuthorizePayment.TYPE, order, Instant.now()), authorize(order, "customer-a", 500));

        ConsumerRecord<String, String> reply = single(replies(order, 1));
        assertThat(header(reply, MessageHeaders.MESSAGE_TYPE)).isEqualTo(PaymentDeclined.TYPE);
        assertThat(JSON.readValue(reply.value(), PaymentDeclined.class))
                .isEqualTo(new PaymentDeclined(
                        order, PaymentId.forOrder(order).toString(), PaymentDeclined.CARD_DECLINED));
    }

    @Test
    void aProviderThatIsDownIsAnsweredRetryableAndTheResentAuthorizeSucceedsUnderTheSameKey() {
        String order = newOrderId();
        PaymentId payment = PaymentId.forOrder(order);
        provider.script(
                key(order, "authorize"), new ProviderAnswer.Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, true));

        send(order, Envelope.first(AuthorizePayment.TYPE, order, Instant.now()), authorize(order, "customer-a", 700));
        ConsumerRecord<String, String> failed = single(replies(order, 1));
        assertThat(JSON.readValue(failed.value(), PaymentFailed.class))
                .isEqualTo(new PaymentFailed(order, payment.toString(), PaymentFailed.PROVIDER_UNAVAILABLE, true));

        // The provider is back (the script is used up); the saga sends the command again.
        send(order, Envelope.first(AuthorizePayment.TYPE, order, Instant.now()), authorize(order, "customer-a", 700));

        List<ConsumerRecord<String, String>> answers = replies(order, 2);
        assertThat(answers)
                .extracting(r -> header(r, MessageHeaders.MESSAGE_TYPE))
                .containsExactly(PaymentFailed.TYPE, PaymentAuthorized.TYPE);
        assertThat(provider.calls(payment))
                .extracting(Call::idempotencyKey)
                .containsExactly(payment + ":authorize", payment + ":authorize");
    }

    @Test
    void aVoidAfterTheAuthorizationIsAnsweredPaymentVoidedUnderTheVoidKey() {
        String order = newOrderId();
        PaymentId payment = PaymentId.forOrder(order);
        send(order, Envelope.first(AuthorizePayment.TYPE, order, Instant.now()), authorize(order, "customer-a", 900));
        single(replies(order, 1));
        Envelope voidCommand = Envelope.first(VoidPayment.TYPE, order, Instant.now());

        send(order, voidCommand, new VoidPayment(order, "STOCK_RELEASED"));

        List<ConsumerRecord<String, String>> answers = replies(order, 2);
        assertThat(header(answers.get(1), MessageHeaders.MESSAGE_TYPE)).isEqualTo(PaymentVoided.TYPE);
        assertThat(header(answers.get(1), MessageHeaders.CAUSATION_ID))
                .isEqualTo(voidCommand.messageId().toString());
        assertThat(JSON.readValue(answers.get(1).value(), PaymentVoided.class))
                .isEqualTo(new PaymentVoided(order, payment.toString(), "STOCK_RELEASED"));
        assertThat(provider.calls(payment))
                .extracting(Call::idempotencyKey)
                .containsExactly(payment + ":authorize", payment + ":void");
    }

    @Test
    void aRefundAfterTheAuthorizationIsAnsweredPaymentRefundedAndAVoidAfterItIsAnIllegalTransition() {
        String order = newOrderId();
        PaymentId payment = PaymentId.forOrder(order);
        send(order, Envelope.first(AuthorizePayment.TYPE, order, Instant.now()), authorize(order, "customer-a", 800));
        single(replies(order, 1));
        send(order, Envelope.first(RefundPayment.TYPE, order, Instant.now()), new RefundPayment(order, "RETURNED"));
        replies(order, 2);

        send(order, Envelope.first(VoidPayment.TYPE, order, Instant.now()), new VoidPayment(order, "TOO_LATE"));

        List<ConsumerRecord<String, String>> answers = replies(order, 3);
        assertThat(answers)
                .extracting(r -> header(r, MessageHeaders.MESSAGE_TYPE))
                .containsExactly(PaymentAuthorized.TYPE, PaymentRefunded.TYPE, PaymentCommandRejected.TYPE);
        assertThat(JSON.readValue(answers.get(1).value(), PaymentRefunded.class))
                .isEqualTo(new PaymentRefunded(order, payment.toString(), 800, "EUR", "RETURNED"));
        assertThat(JSON.readValue(answers.get(2).value(), PaymentCommandRejected.class))
                .isEqualTo(
                        new PaymentCommandRejected(order, VoidPayment.TYPE, PaymentCommandRejected.ILLEGAL_TRANSITION));
        assertThat(provider.calls(payment))
                .extracting(Call::idempotencyKey)
                .containsExactly(payment + ":authorize", payment + ":refund");
    }

    @Test
    void aVoidOfAnOrderWithoutAPaymentIsRejectedAsUnknown() {
        String order = newOrderId();

        send(order, Envelope.first(VoidPayment.TYPE, order, Instant.now()), new VoidPayment(order, "STOCK_RELEASED"));

        assertThat(JSON.readValue(single(replies(order, 1)).value(), PaymentCommandRejected.class))
                .isEqualTo(new PaymentCommandRejected(order, VoidPayment.TYPE, PaymentCommandRejected.UNKNOWN_PAYMENT));
        assertThat(provider.calls(PaymentId.forOrder(order))).isEmpty();
    }

    @Test
    void badCommandsAreAnsweredWithARejectionNeitherRetriedNorDeadLetteredAndTheProviderIsNotCalled() {
        String zeroAmount = newOrderId();
        String noSuchCurrency = newOrderId();
        double retried = consumerMeters().retried();
        double deadLettered = consumerMeters().deadLettered();

        send(
                zeroAmount,
                Envelope.first(AuthorizePayment.TYPE, zeroAmount, Instant.now()),
                authorize(zeroAmount, "customer-a", 0));
        send(
                noSuchCurrency,
                Envelope.first(AuthorizePayment.TYPE, noSuchCurrency, Instant.now()),
                new AuthorizePayment(noSuchCurrency, "customer-a", 100, "XYZ"));

        for (String order : List.of(zeroAmount, noSuchCurrency)) {
            ConsumerRecord<String, String> reply = single(replies(order, 1));
            assertThat(header(reply, MessageHeaders.MESSAGE_TYPE)).isEqualTo(PaymentCommandRejected.TYPE);
            assertThat(JSON.readValue(reply.value(), PaymentCommandRejected.class))
                    .isEqualTo(new PaymentCommandRejected(
                            order, AuthorizePayment.TYPE, PaymentCommandRejected.INVALID_REQUEST));
            assertThat(provider.calls(PaymentId.forOrder(order))).isEmpty();
        }
        assertThat(consumerMeters().retried()).isEqualTo(retried);
        assertThat(consumerMeters().deadLettered()).isEqualTo(deadLettered);
    }

    private static void send(String key, Envelope envelope, Record command) {
        saga.send(Topics.PAYMENT_COMMANDS, key, envelope.headers(), JSON.writeValueAsString(command));
    }

    /** The replies to the order (keyed by its id), in the order they were published. */
    private List<ConsumerRecord<String, String>> replies(String order, int expected) {
        List<ConsumerRecord<String, String>> records =
                topics.read(Topics.PAYMENT_EVENTS, record -> order.equals(record.key()), expected, WAIT);
        assertThat(records).as("replies to %s", order).hasSize(expected);
        return records;
    }

    private static ConsumerRecord<String, String> single(List<ConsumerRecord<String, String>> records) {
        assertThat(records).hasSize(1);
        return records.getFirst();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return TopicReader.header(record, name);
    }

    private ConsumerMeters consumerMeters() {
        return new ConsumerMeters(meters, CONSUMER);
    }
}
