package dev.patternshop.payment;

import dev.patternshop.testsupport.web.ServiceFoundationContract;

@PaymentIntegrationTest
class PaymentFoundationIT extends ServiceFoundationContract {}
