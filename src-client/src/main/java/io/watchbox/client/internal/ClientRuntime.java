package io.watchbox.client.internal;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * What the client runs on: real threads and sockets in production, fakes in tests.
 *
 * @param callbackExecutor   runs message handlers and listener callbacks (made serial)
 * @param completionExecutor completes the futures returned to the caller, so that dependent
 *                           actions never run on the client's own thread
 * @param onClose            releases what the client owns once it is closed
 */
public record ClientRuntime(
        Transport transport,
        Scheduler scheduler,
        Clock clock,
        DoubleSupplier random,
        Executor callbackExecutor,
        Executor completionExecutor,
        Runnable onClose) {
}
