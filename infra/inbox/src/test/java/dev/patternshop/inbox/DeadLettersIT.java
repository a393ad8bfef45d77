package dev.patternshop.inbox;

import static dev.patternshop.inbox.InboxFixture.applied;
import static dev.patternshop.inbox.InboxFixture.body;
import static dev.patternshop.inbox.InboxFixture.envelope;
import static dev.patternshop.inbox.InboxFixture.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.inbox.InboxFixture.TestCommand;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Dead letters for admins, through the library and its endpoint: a dead letter is listed with its failure; replayed
 * after its cause was fixed it is applied once, and replayed again it is still applied once (the inbox knows its
 * message id); unknown coordinates are a 404 problem.
 */
class DeadLettersIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AtomicBoolean productKnown = new AtomicBoolean(false);
    String name;
    String topic;
    InboxConsumer consumer;
    DeadLetters deadLetters;
    MockMvc admin;

    @BeforeEach
    void consumerWithAHandlerThatFailsUntilFixed() {
        name = "dlt-" + UUID.randomUUID().toString().substring(0, 8);
        topic = InboxFixture.createTopic(2);
        consumer = InboxConsumer.builder(name, topic, "group-" + name)
                .bootstrapServers(InboxFixture.BOOTSTRAP_SERVERS)
                .settings(InboxConsumerIT.FAST)
                .meterRegistry(meters)
                .on(TestCommand.TYPE, TestCommand.class, (command, envelope) -> {
                    if (!productKnown.get()) {
                        throw new IllegalStateException("product 42 is not in the catalog");
                    }
                    InboxFixture.apply(name, "a", command, envelope);
                })
                .build(InboxFixture.DATA_SOURCE);
        consumer.start();
        deadLetters = new DeadLetters(InboxFixture.BOOTSTRAP_SERVERS, List.of(consumer));
        admin = MockMvcBuilders.standaloneSetup(new DeadLettersController(deadLetters))
                .build();
    }

    @AfterEach
    void stop() {
        consumer.stop();
        deadLetters.close();
    }

    @Test
    void aDeadLetterIsListedWithItsFailureAndReplayedOnceEvenWhenReplayedTwice() throws Exception {
        Envelope envelope = envelope(TestCommand.TYPE, "order-d");
        send(topic, 1, "order-d", envelope, body("order-d"));
        await().atMost(PATIENCE).until(() -> deadLettered() == 1);

        List<DeadLetter> listed = deadLetters.list(name, 10);

        assertThat(listed).singleElement().satisfies(letter -> {
            assertThat(letter.consumer()).isEqualTo(name);
            assertThat(letter.topic()).isEqualTo(Topics.deadLetter(topic));
            assertThat(letter.key()).isEqualTo("order-d");
            assertThat(letter.messageId()).isEqualTo(envelope.messageId().toString());
            assertThat(letter.messageType()).isEqualTo(TestCommand.TYPE);
            assertThat(letter.correlationId()).isEqualTo("order-d");
            assertThat(letter.originalTopic()).isEqualTo(topic);
            assertThat(letter.originalPartition()).isEqualTo(1);
            assertThat(letter.originalOffset()).isZero();
            assertThat(letter.exception()).isEqualTo(IllegalStateException.class.getName());
            assertThat(letter.failure()).isEqualTo("product 42 is not in the catalog");
            assertThat(letter.attempts())
                    .as("not retryable: dead-lettered at once")
                    .isOne();
            assertThat(letter.deadLetteredAt()).isNotNull();
            assertThat(letter.replayedFrom()).isNull();
        });
        DeadLetter letter = listed.get(0);
        admin.perform(get("/admin/dead-letters"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].messageId").value(envelope.messageId().toString()))
                .andExpect(jsonPath("$[0].failure").value("product 42 is not in the catalog"));

        productKnown.set(true);
        String replay = "/admin/dead-letters/" + name + "/" + letter.partition() + "/" + letter.offset() + "/replay";
        admin.perform(post(replay)).andExpect(status().isAccepted());

        await().atMost(PATIENCE).until(() -> applied(name) == 1);

        admin.perform(post(replay)).andExpect(status().isAccepted());

        await().atMost(PATIENCE).until(() -> consumed("duplicate") == 1);
        assertThat(applied(name)).isOne();
        assertThat(consumed("applied")).isOne();
        assertThat(deadLettered()).isOne();
    }

    @Test
    void unknownCoordinatesAreA404Problem() throws Exception {
        admin.perform(post("/admin/dead-letters/" + name + "/0/999/replay"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(DeadLettersController.NOT_FOUND_TYPE.toString()));
        admin.perform(post("/admin/dead-letters/" + name + "/7/0/replay")).andExpect(status().isNotFound());
        admin.perform(post("/admin/dead-letters/nobody/0/0/replay")).andExpect(status().isNotFound());
        admin.perform(get("/admin/dead-letters").param("consumer", "nobody")).andExpect(status().isNotFound());
        admin.perform(get("/admin/dead-letters").param("limit", "0")).andExpect(status().isBadRequest());
        assertThatThrownBy(() -> deadLetters.replay(name, 1, 0)).isInstanceOf(NoSuchDeadLetter.class);
    }

    long deadLettered() {
        return (long) meters.get(ConsumerMetrics.DEAD_LETTERED)
                .tag("consumer", name)
                .counter()
                .count();
    }

    long consumed(String outcome) {
        return (long) meters.get(ConsumerMetrics.CONSUMED)
                .tag("consumer", name)
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
