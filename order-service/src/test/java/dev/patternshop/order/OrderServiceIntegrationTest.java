package dev.patternshop.order;

import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.testsupport.RealInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The order service on real infrastructure: two shard clusters (each a database on the test Postgres, with
 * its streaming replica), Kafka, and a real catalog to price against ({@link CatalogProcess}, found through
 * discovery like in the runtime). Every IT extending this shares one Spring context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "orders.sharding.replica.check-interval=200ms",
            // The saga's supervisor runs when a test calls it, on the test's clock (SagaTestClock).
            "orders.saga.supervisor.enabled=false",
            "resilience4j.circuitbreaker.instances.catalog.wait-duration-in-open-state=2s"
        })
@Import(SagaTestClock.Configuration.class)
@RealInfrastructure(
        databases = {"orders_a", "orders_b"},
        kafka = true)
public abstract class OrderServiceIntegrationTest {

    @Value("${local.server.port}")
    protected int port;

    @Autowired
    protected ShardClusters clusters;

    @DynamicPropertySource
    static void catalogInstances(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.cloud.discovery.client.simple.instances.catalog-service[0].uri",
                () -> CatalogProcess.shared().url());
    }

    protected OrderApi api() {
        return new OrderApi(port);
    }

    /** Orders stored for the customer, counted on its shard's primary. */
    protected long storedOrders(String customer) {
        return clusters.forCustomer(customer)
                .primaryJdbc()
                .sql("select count(*) from orders where customer_id = ?")
                .param(customer)
                .query(Long.class)
                .single();
    }

    /** Everything a placement writes for the customer: orders, idempotency keys, outbox rows. */
    protected long rowsWritten(String customer) {
        return clusters.forCustomer(customer)
                .primaryJdbc()
                .sql("""
                        select (select count(*) from orders where customer_id = :c)
                             + (select count(*) from idempotency_key where customer_id = :c)
                             + (select count(*) from outbox where payload ->> 'customerId' = :c)""")
                .param("c", customer)
                .query(Long.class)
                .single();
    }
}
