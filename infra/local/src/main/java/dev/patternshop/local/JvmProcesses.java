package dev.patternshop.local;

import dev.patternshop.infra.embedded.ManagedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The service instances, the gateway and the tools (Zipkin, the payment provider) as they run now: a restart
 * puts the fresh process in the place of the old one, so stopping and the process table always see the live one.
 */
final class JvmProcesses {

    /** Long enough for a service to finish its requests and close its pools. */
    static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);

    private static final Duration TOOL_STOP_GRACE = Duration.ofSeconds(10);

    private final List<ManagedProcess> services = Collections.synchronizedList(new ArrayList<>());
    private final List<ManagedProcess> tools = Collections.synchronizedList(new ArrayList<>());
    private volatile ManagedProcess gateway;

    void addService(ManagedProcess service) {
        services.add(service);
    }

    void addTool(ManagedProcess tool) {
        tools.add(tool);
    }

    void setGateway(ManagedProcess gateway) {
        this.gateway = gateway;
    }

    ManagedProcess gateway() {
        return gateway;
    }

    boolean isGateway(ManagedProcess process) {
        return process == gateway;
    }

    List<ManagedProcess> services() {
        return List.copyOf(services);
    }

    List<ManagedProcess> tools() {
        return List.copyOf(tools);
    }

    /** Services, then the gateway, then the tools: the order of the process table. */
    List<ManagedProcess> all() {
        List<ManagedProcess> all = new ArrayList<>(services);
        if (gateway != null) {
            all.add(gateway);
        }
        all.addAll(tools);
        return all;
    }

    void replace(ManagedProcess old, ManagedProcess fresh) {
        if (old == gateway) {
            gateway = fresh;
        } else {
            services.replaceAll(process -> process == old ? fresh : process);
            tools.replaceAll(process -> process == old ? fresh : process);
        }
    }

    /** The gateway first (no new requests come in), then the services, then the tools. */
    void stop() {
        if (gateway != null) {
            gateway.stop(SERVICE_STOP_GRACE);
        }
        InParallel.run(services().stream()
                .<Runnable>map(service -> () -> service.stop(SERVICE_STOP_GRACE))
                .toList());
        InParallel.run(tools().stream()
                .<Runnable>map(tool -> () -> tool.stop(TOOL_STOP_GRACE))
                .toList());
    }
}
