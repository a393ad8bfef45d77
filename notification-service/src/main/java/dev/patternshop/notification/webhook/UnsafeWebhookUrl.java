package dev.patternshop.notification.webhook;

/**
 * A webhook URL that could reach something internal (loopback, private, link-local, metadata, ...) or is not a plain
 * public http(s) URL. The message says why, naming the address and its kind but never the secret or the body.
 */
public class UnsafeWebhookUrl extends RuntimeException {

    public UnsafeWebhookUrl(String reason) {
        super(reason);
    }
}
