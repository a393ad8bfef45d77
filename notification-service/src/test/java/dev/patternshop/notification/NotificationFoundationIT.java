package dev.patternshop.notification;

import dev.patternshop.testsupport.web.ServiceFoundationContract;

@NotificationIntegrationTest
class NotificationFoundationIT extends ServiceFoundationContract {}
