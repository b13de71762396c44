package io.watchbox.client.internal;

import io.watchbox.client.ConnectionListener;
import io.watchbox.client.Message;
import io.watchbox.client.MessageHandler;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands messages and connection events to user code on the callback executor, in order. A
 * callback that throws is logged and does not stop the ones after it.
 */
public final class CallbackDispatcher {
    private static final Logger LOG = Logger.getLogger(CallbackDispatcher.class.getName());

    private final Executor executor;
    private final ConnectionListener listener;

    public CallbackDispatcher(Executor executor, ConnectionListener listener) {
        this.executor = new SerialExecutor(executor);
        this.listener = listener;
    }

    public void message(List<MessageHandler> handlers, Message message) {
        executor.execute(() -> {
            for (MessageHandler handler : handlers) {
                guarded("message handler", () -> handler.onMessage(message));
            }
        });
    }

    public void disconnected(String reason) {
        executor.execute(() -> guarded("onDisconnect", () -> listener.onDisconnect(reason)));
    }

    public void reconnected(boolean resumed) {
        executor.execute(() -> guarded("onReconnect", () -> listener.onReconnect(resumed)));
    }

    public void skipped(long count) {
        executor.execute(() -> guarded("onSkipped", () -> listener.onSkipped(count)));
    }

    private static void guarded(String what, Runnable callback) {
        try {
            callback.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(Level.WARNING, e, () -> what + " threw; the client carries on");
        }
    }
}
