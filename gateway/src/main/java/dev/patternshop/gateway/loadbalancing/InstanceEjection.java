package dev.patternshop.gateway.loadbalancing;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Passive health checking (outlier ejection, as in Envoy): an instance that refused or dropped a connection
 * leaves the rotation for {@link LoadBalancingSettings#ejectionTime()} at once, so the retry of that request and
 * every request after it go to the other instances. The active readiness check runs every 2 s; until it
 * notices a crash, round robin alone keeps handing the dead instance to concurrent requests and their
 * retries, and a request can meet it on every attempt. Never leaves a service with no instance: if every
 * instance is ejected, all are offered again.
 */
public class InstanceEjection {

    private final Map<String, Long> ejectedUntil = new ConcurrentHashMap<>();
    private final long ejectionNanos;
    private final MeterRegistry meters;

    public InstanceEjection(LoadBalancingSettings settings, MeterRegistry meters) {
        this.ejectionNanos = settings.ejectionTime().toNanos();
        this.meters = meters;
    }

    public void eject(ServiceInstance instance) {
        ejectedUntil.put(address(instance), System.nanoTime() + ejectionNanos);
        meters.counter("gateway.loadbalancer.ejections", "service", String.valueOf(instance.getServiceId()))
                .increment();
    }

    public List<ServiceInstance> withoutEjected(List<ServiceInstance> instances) {
        long now = System.nanoTime();
        List<ServiceInstance> available =
                instances.stream().filter(instance -> !isEjected(instance, now)).toList();
        return available.isEmpty() ? instances : available;
    }

    /** Forgets every ejection (tests start from a clean rotation). */
    public void clear() {
        ejectedUntil.clear();
    }

    private boolean isEjected(ServiceInstance instance, long now) {
        Long until = ejectedUntil.get(address(instance));
        if (until == null) {
            return false;
        }
        if (now - until >= 0) {
            ejectedUntil.remove(address(instance), until);
            return false;
        }
        return true;
    }

    private static String address(ServiceInstance instance) {
        return instance.getHost() + ":" + instance.getPort();
    }
}
