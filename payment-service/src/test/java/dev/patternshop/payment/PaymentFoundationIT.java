package dev.patternshop.payment;

import dev.patternshop.testsupport.web.ServiceFoundationContract;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaymentFoundationIT extends ServiceFoundationContract {}
