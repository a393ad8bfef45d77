package dev.patternshop.notification;

import dev.patternshop.testsupport.web.ServiceFoundationContract;
import java.util.List;

@NotificationIntegrationTest
class NotificationFoundationIT extends ServiceFoundationContract {

    @Override
    protected List<String> describedPaths() {
        return List.of("/webhooks", "/webhooks/{id}/deliveries", "/events/stream");
    }
}
