package dev.patternshop.notification;

import dev.patternshop.testsupport.settings.ServiceSettingsContract;

/**
 * The settings this service runs on bind from its real application.yml and refuse a value that cannot work. It has
 * no settings records of its own yet; its package is scanned, so the first one it adds is bound (and must be
 * @Validated) here.
 */
class NotificationSettingsTest extends ServiceSettingsContract {

    @Override
    protected String servicePackage() {
        return "dev.patternshop.notification";
    }
}
