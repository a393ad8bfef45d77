package dev.patternshop.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.KafkaTemplate;

/** Proves that each piece of test infrastructure is the real thing, wired into Spring by {@link RealInfrastructure}. */
@SpringBootTest
@RealInfrastructure(postgres = true, database = "support_it", redis = true, kafka = true)
class RealInfrastructureIT {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Config {}

    @Autowired
    JdbcTemplate primary;

    @Value("${" + RealInfrastructure.REPLICA_URL_PROPERTY + "}")
    String replicaUrl;

    @Value("${spring.datasource.username}")
    String username;

    @Value("${spring.datasource.password}")
    String password;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void rowWrittenOnThePrimaryIsReadOnTheStreamingReplica() {
        primary.execute("create table if not exists replicated_note (id uuid primary key, body text not null)");
        UUID id = UUID.randomUUID();
        primary.update("insert into replicated_note (id, body) values (?, ?)", id, "written on the primary");

        JdbcTemplate replica = new JdbcTemplate(new DriverManagerDataSource(replicaUrl, username, password));
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                replica.queryForList("select body from replicated_note where id = ?", String.class, id))
                        .containsExactly("written on the primary"));
        assertThat(replica.queryForObject("select pg_is_in_recovery()", Boolean.class))
                .as("the replica is a standby replaying WAL, not a second primary")
                .isTrue();
    }

    @Test
    void replicaRefusesWrites() {
        JdbcTemplate replica = new JdbcTemplate(new DriverManagerDataSource(replicaUrl, username, password));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> replica.execute("create table refused (id int)"))
                .hasMessageContaining("read-only transaction");
    }

    @Test
    void redisRunsALuaScriptAtomically() {
        String key = "counter:" + UUID.randomUUID();
        RedisScript<Long> incrementBy = RedisScript.of(
                "return redis.call('INCRBY', KEYS[1], ARGV[1]) + redis.call('INCRBY', KEYS[1], ARGV[1])", Long.class);

        Long result = redis.execute(incrementBy, List.of(key), "21");

        assertThat(result).isEqualTo(21L + 42L);
        assertThat(redis.opsForValue().get(key)).isEqualTo("42");
    }

    @Test
    void kafkaRecordRoundTripsThroughTheBroker() throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        String value = "hello " + UUID.randomUUID();
        kafka.send(topic, "key-1", value).get();

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG, "round-trip",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("key-1");
                assertThat(record.value()).isEqualTo(value);
            });
        }
    }
}
