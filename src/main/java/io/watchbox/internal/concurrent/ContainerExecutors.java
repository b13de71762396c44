package io.watchbox.internal.concurrent;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The container's default managed executors, looked up by their standard JNDI names.
 *
 * <p>Not {@code @Resource}: Payara does not resolve resource injection into a bean that lives in a
 * library jar under {@code WEB-INF/lib} ("Lookup failed for java:comp/env/..."), while a lookup
 * of the Jakarta Concurrency defaults works on every server. Call from an application thread
 * (start-up), where {@code java:comp} is the application's.
 */
public final class ContainerExecutors {

    static final String EXECUTOR = "java:comp/DefaultManagedExecutorService";
    static final String SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";
    static final String THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private ContainerExecutors() {
    }

    public static ManagedExecutorService executor() {
        return lookup(EXECUTOR, ManagedExecutorService.class);
    }

    public static ManagedThreadFactory threadFactory() {
        return lookup(THREAD_FACTORY, ManagedThreadFactory.class);
    }

    public static ManagedScheduledExecutorService scheduler() {
        return lookup(SCHEDULER, ManagedScheduledExecutorService.class);
    }

    private static <T> T lookup(String name, Class<T> type) {
        try {
            return type.cast(InitialContext.doLookup(name));
        } catch (NamingException e) {
            throw new IllegalStateException("Watchbox needs " + name + " (Jakarta Concurrency): " + e, e);
        }
    }
}
