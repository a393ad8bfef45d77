package dev.patternshop.notification.notice;

/**
 * Something that acts on every order notice: the webhook fan-out (one delivery per matching subscription) and the
 * customers' event log behind the live streams. Called inside the inbox's transaction on the notification database:
 * what a sink writes there commits together with the record that the event was handled, or not at all. Work that
 * must not happen unless it commits (pushing to a live stream) is registered to run after the commit.
 */
public interface NoticeSink {

    void accept(OrderNotice notice);
}
