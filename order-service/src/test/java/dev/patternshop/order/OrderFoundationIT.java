package dev.patternshop.order;

import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.web.ServiceFoundationContract;
import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;

// Relays off: OrderShardClustersIT's context owns the leadership on the shared test databases.
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "orders.outbox.relay-enabled=false")
@RealInfrastructure(
        databases = {"orders_a", "orders_b"},
        kafka = true)
class OrderFoundationIT extends ServiceFoundationContract {

    @Override
    protected List<String> describedPaths() {
        return List.of("/orders", "/orders/{id}", "/orders/{id}/cancel");
    }
}
