package dev.patternshop.gateway.loadbalancing;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Each service's load-balancer context (one per service, built by Spring Cloud LoadBalancer; deliberately not
 * a {@code @Configuration}, so the application context does not pick it up): the instances from discovery,
 * those that pass the active readiness check, less those passively ejected.
 */
class EdgeInstances {

    @Bean
    ServiceInstanceListSupplier edgeServiceInstances(ConfigurableApplicationContext context) {
        InstanceEjection ejection = context.getBean(InstanceEjection.class);
        return ServiceInstanceListSupplier.builder()
                .withDiscoveryClient()
                .withHealthChecks()
                .with((ignored, healthChecked) -> new SkipEjectedInstances(healthChecked, ejection))
                .build(context);
    }
}
