package dev.patternshop.gateway.loadbalancing;

import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/** The health-checked instances, less those ejected right now (checked on every choice, not cached). */
class SkipEjectedInstances extends DelegatingServiceInstanceListSupplier {

    private final InstanceEjection ejection;

    SkipEjectedInstances(ServiceInstanceListSupplier delegate, InstanceEjection ejection) {
        super(delegate);
        this.ejection = ejection;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(ejection::withoutEjected);
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(ejection::withoutEjected);
    }
}
