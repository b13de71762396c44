package io.watchbox.internal.concurrent;

import java.util.concurrent.Executor;

/**
 * An executor whose tasks are submitted under the platform class loader. Payara captures the
 * submitting thread's context for each task, looking its providers up through the thread's class
 * loader: under the application's loader a search of every jar, under the platform loader cheap.
 * For tasks that need nothing of the application's context (sending on a socket).
 */
public final class UnderPlatformLoader implements Executor {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final Executor executor;

    public UnderPlatformLoader(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        run(() -> executor.execute(task));
    }

    /**
     * Runs the work on this thread with the platform class loader as its context loader, and puts
     * the thread's own back after: for container calls that capture context (a send on Tyrus, whose
     * idle-timeout task Payara captures context for) and need nothing of the application's classes.
     */
    public static void run(Runnable work) {
        Thread thread = Thread.currentThread();
        ClassLoader application = thread.getContextClassLoader();
        thread.setContextClassLoader(PLATFORM);
        try {
            work.run();
        } finally {
            thread.setContextClassLoader(application);
        }
    }
}
