package io.watchbox.itapp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.concurrent.atomic.AtomicInteger;

/** How many HTTP sessions of the deployment are alive: created and not yet destroyed. */
@ApplicationScoped
public class LiveHttpSessions {

    private final AtomicInteger live = new AtomicInteger();

    public int count() {
        return live.get();
    }

    void created() {
        live.incrementAndGet();
    }

    void destroyed() {
        live.decrementAndGet();
    }

    /** The servlet container's view of sessions, fed into the counter. */
    @WebListener
    public static class Tracker implements HttpSessionListener {

        @Inject
        LiveHttpSessions sessions;

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            sessions.created();
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            sessions.destroyed();
        }
    }
}
