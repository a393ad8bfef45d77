package dev.patternshop.payment;

import dev.patternshop.testsupport.web.ServiceFoundationContract;
import java.util.List;

@PaymentIntegrationTest
class PaymentFoundationIT extends ServiceFoundationContract {

    @Override
    protected List<String> describedPaths() {
        return List.of("/payments", "/payments/{id}");
    }
}
