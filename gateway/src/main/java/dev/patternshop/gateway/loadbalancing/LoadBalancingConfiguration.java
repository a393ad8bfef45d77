package dev.patternshop.gateway.loadbalancing;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Client-side load balancing at the edge: round robin over health-checked instances, with passive ejection. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LoadBalancingSettings.class)
@LoadBalancerClients(defaultConfiguration = EdgeInstances.class)
class LoadBalancingConfiguration {

    @Bean
    InstanceEjection instanceEjection(LoadBalancingSettings settings, MeterRegistry meters) {
        return new InstanceEjection(settings, meters);
    }

    @Bean
    EjectFailedInstanceFilter ejectFailedInstanceFilter(InstanceEjection ejection) {
        return new EjectFailedInstanceFilter(ejection);
    }
}
