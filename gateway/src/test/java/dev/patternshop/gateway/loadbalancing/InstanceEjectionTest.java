package dev.patternshop.gateway.loadbalancing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

class InstanceEjectionTest {

    private final ServiceInstance a = new DefaultServiceInstance("a", "orders", "127.0.0.1", 8083, false);
    private final ServiceInstance b = new DefaultServiceInstance("b", "orders", "127.0.0.1", 8084, false);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anEjectedInstanceIsLeftOutOfTheRotation() {
        InstanceEjection ejection = new InstanceEjection(new LoadBalancingSettings(Duration.ofHours(1)), meters);

        ejection.eject(b);

        assertThat(ejection.withoutEjected(List.of(a, b))).containsExactly(a);
        assertThat(meters.counter("gateway.loadbalancer.ejections", "service", "orders")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anInstanceReturnsOnceItsEjectionTimeHasPassed() {
        InstanceEjection ejection = new InstanceEjection(new LoadBalancingSettings(Duration.ZERO), meters);

        ejection.eject(b);

        assertThat(ejection.withoutEjected(List.of(a, b))).containsExactly(a, b);
    }

    @Test
    void aServiceWhoseEveryInstanceIsEjectedIsOfferedThemAll() {
        InstanceEjection ejection = new InstanceEjection(new LoadBalancingSettings(Duration.ofHours(1)), meters);

        ejection.eject(a);
        ejection.eject(b);

        assertThat(ejection.withoutEjected(List.of(a, b))).containsExactly(a, b);
    }
}
