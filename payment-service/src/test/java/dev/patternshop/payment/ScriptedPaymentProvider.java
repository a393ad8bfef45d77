package dev.patternshop.payment;

import dev.patternshop.events.Topics;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.domain.PaymentProvider;
import dev.patternshop.testsupport.TestInfrastructure;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Plays the external provider in the ITs, in place of the real client (the anti-corruption layer): it records every
 * call with its idempotency key and answers what the test scripted for that key, in order; unscripted, it approves,
 * with a reference derived from the key (the same key, the same charge: as the real provider's idempotency).
 */
public final class ScriptedPaymentProvider implements PaymentProvider {

    public record Call(String operation, PaymentId paymentId, String idempotencyKey) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<ProviderAnswer>> scripts = new ConcurrentHashMap<>();

    /** The answers to the next calls with this key, in order; then approvals again. */
    public void script(String idempotencyKey, ProviderAnswer... answers) {
        scripts.computeIfAbsent(idempotencyKey, key -> new ArrayDeque<>()).addAll(Arrays.asList(answers));
    }

    /** The calls made for this payment, in order. */
    public List<Call> calls(PaymentId paymentId) {
        return calls.stream().filter(call -> call.paymentId().equals(paymentId)).toList();
    }

    /** The reference an unscripted approval of this key carries. */
    public static String reference(String idempotencyKey) {
        return "prov-" + Integer.toHexString(idempotencyKey.hashCode());
    }

    @Override
    public ProviderAnswer authorize(Authorize request) {
        return answer("authorize", request.paymentId(), request.idempotencyKey());
    }

    @Override
    public ProviderAnswer voidAuthorization(VoidAuthorization request) {
        return answer("void", request.paymentId(), request.idempotencyKey());
    }

    @Override
    public ProviderAnswer refund(Refund request) {
        return answer("refund", request.paymentId(), request.idempotencyKey());
    }

    private ProviderAnswer answer(String operation, PaymentId paymentId, String key) {
        calls.add(new Call(operation, paymentId, key));
        Deque<ProviderAnswer> script = scripts.get(key);
        synchronized (this) {
            if (script != null && !script.isEmpty()) {
                return script.poll();
            }
        }
        return new ProviderAnswer.Approved(reference(key));
    }

    /** The provider every payment IT context runs with (the same for all, so they share one context). */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        ScriptedPaymentProvider scriptedPaymentProvider() throws Exception {
            ensureTopics();
            return new ScriptedPaymentProvider();
        }

        /**
         * The runtime creates the topics at its start; here the first context does, before its consumer subscribes.
         */
        private static void ensureTopics() throws Exception {
            String servers = TestInfrastructure.shared().kafkaBootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
                List<NewTopic> missing = List.of(
                                Topics.PAYMENT_COMMANDS,
                                Topics.PAYMENT_EVENTS,
                                Topics.deadLetter(Topics.PAYMENT_COMMANDS))
                        .stream()
                        .filter(topic -> !existing.contains(topic))
                        .map(topic -> new NewTopic(topic, 3, (short) 1))
                        .toList();
                try {
                    admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
