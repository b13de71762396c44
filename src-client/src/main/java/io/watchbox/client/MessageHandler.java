package io.watchbox.client;

/**
 * Receives the messages of one subscription. Runs on the client's callback executor, one
 * message at a time and in arrival order; it must not block, or every later message and
 * callback of the client waits behind it. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(Message message);
}
