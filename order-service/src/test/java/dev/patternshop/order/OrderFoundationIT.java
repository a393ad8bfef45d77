package dev.patternshop.order;

import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.web.ServiceFoundationContract;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(databases = {"orders_a", "orders_b"})
class OrderFoundationIT extends ServiceFoundationContract {
}
