package io.watchbox.internal.retained;

class LocalRetainedMessagesTest extends RetainedMessagesContract {

    @Override
    protected RetainedMessages newStore() {
        return new LocalRetainedMessages();
    }
}
