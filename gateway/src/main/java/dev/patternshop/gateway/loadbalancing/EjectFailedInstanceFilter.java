package dev.patternshop.gateway.loadbalancing;

import java.io.IOException;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Right after the load balancer has chosen an instance: if the call to it fails at the connection (refused,
 * closed before the answer, connect timeout), that instance is ejected. A slow answer or any HTTP status is
 * not a connection failure and ejects nothing.
 */
class EjectFailedInstanceFilter implements GlobalFilter, Ordered {

    private final InstanceEjection ejection;

    EjectFailedInstanceFilter(InstanceEjection ejection) {
        this.ejection = ejection;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).doOnError(error -> {
            Response<ServiceInstance> chosen =
                    exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
            if (chosen != null && chosen.hasServer() && isConnectionFailure(error)) {
                ejection.eject(chosen.getServer());
            }
        });
    }

    private static boolean isConnectionFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }
}
