package io.watchbox.internal.container;

import io.watchbox.Settings;
import io.watchbox.internal.access.AccessFilter;
import io.watchbox.internal.access.AccessRules;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.rest.ApiForwardingFilter;
import io.watchbox.internal.transport.WatchboxEndpointConfigurator;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.util.EnumSet;
import java.util.logging.Logger;

/**
 * Serves the module at {@code watchbox.path} in the application that embeds it: the WebSocket
 * endpoint at the path itself, MQTT over WebSocket at {@code path/mqtt}, the REST API under {@code path/api}, the browser client at
 * {@code path/watchbox.js}, the dashboard at {@code path/dashboard/}. Registered when the web
 * application starts, so the application writes no {@code web.xml} and a bad path, or a setting out
 * of range, stops the deployment with a message that names the key.
 */
@WebListener
public class WatchboxDeployment implements ServletContextListener {

    private static final Logger SERVER_LOG = LoggingLevel.server();
    private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";
    /** Where MQTT over WebSocket is served, under the path. */
    private static final String MQTT = "/mqtt";

    @Inject
    BrokerHost host;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String path = host.broker().settings().path();
        if (!(context.getAttribute(SERVER_CONTAINER) instanceof ServerContainer container)) {
            throw new IllegalStateException("Watchbox needs Jakarta WebSocket: no " + SERVER_CONTAINER
                    + " in this application (on Open Liberty, enable the websocket-2.1 feature)");
        }
        AccessRules rules = host.accessRules();
        try {
            container.addEndpoint(WatchboxEndpointConfigurator.endpointAt(path, host::broker, rules.roles()));
            container.addEndpoint(WatchboxEndpointConfigurator.mqttAt(path + MQTT, host::broker, rules.roles()));
        } catch (DeploymentException e) {
            throw new IllegalStateException("Watchbox cannot serve its WebSocket endpoint at " + Settings.PATH + "="
                    + path + ": " + e.getMessage(), e);
        }
        // Access is checked before the upgrade, and by the API's filter before it forwards.
        context.addFilter(AccessFilter.class.getName(), new AccessFilter(rules))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path, path + MQTT);
        context.addFilter(ApiForwardingFilter.class.getName(), new ApiForwardingFilter(path, rules, host::broker))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path + "/api/*");
        context.addServlet(BrowserFilesServlet.class.getName(), new BrowserFilesServlet(path))
                .addMapping(BrowserFilesServlet.FILES.stream().map(file -> path + file).toArray(String[]::new));
        context.addServlet(DashboardServlet.class.getName(), new DashboardServlet(path))
                .addMapping(path + DashboardServlet.MAPPING);
        host.broker().startServing();
        SERVER_LOG.info(() -> "Watchbox serves " + context.getContextPath() + path + " (WebSocket), "
                + context.getContextPath() + path + MQTT + " (MQTT over WebSocket), "
                + context.getContextPath() + path + "/api (REST), " + context.getContextPath() + path
                + "/watchbox.js (browser client) and " + context.getContextPath() + path + "/dashboard/ (dashboard)");
    }
}
