package io.watchbox.internal.transport;

import io.watchbox.WatchboxAuthenticator.Handshake;
import io.watchbox.internal.access.AccessFilter;
import io.watchbox.internal.access.ContainerUser;
import io.watchbox.internal.core.Broker;
import io.watchbox.internal.core.ClientProtocol;
import io.watchbox.internal.core.MqttProtocol;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Creates each connection's {@link WatchboxEndpoint} (or {@link MqttEndpoint}) with the application's broker, and releases
 * the HTTP session a container created only for the WebSocket handshake.
 *
 * <p>Open Liberty's WebSocket handshake calls {@code request.getSession()}, which creates an
 * HTTP session for every connection that arrives without one; each is kept until the
 * application's session timeout (30 minutes by default), which the soak test saw as heap
 * growing with the number of connections ever made. Watchbox keeps its own session state, so
 * a session that is new in this very request is of no use to anyone and is invalidated here.
 * A session the client already had (a browser's cookie from the embedding application) is left
 * alone.
 */
public final class WatchboxEndpointConfigurator extends ServerEndpointConfig.Configurator {

    private final Supplier<Broker> broker;
    private final Set<String> roles;
    private final Map<Session, ClientProtocol> protocols = new ConcurrentHashMap<>();
    private final Map<Session, MqttProtocol> mqttProtocols = new ConcurrentHashMap<>();

    /** @param roles the roles to ask the container about, for a user it authenticated on the handshake */
    public WatchboxEndpointConfigurator(Supplier<Broker> broker, Set<String> roles) {
        this.broker = broker;
        this.roles = Set.copyOf(roles);
    }

    /** The endpoint's configuration at a path (relative to the application's context root). */
    public static ServerEndpointConfig endpointAt(String path, Supplier<Broker> broker, Set<String> roles) {
        return ServerEndpointConfig.Builder.create(WatchboxEndpoint.class, path)
                .configurator(new WatchboxEndpointConfigurator(broker, roles)).build();
    }

    /** The MQTT endpoint's configuration at a path, offering MQTT's WebSocket subprotocols. */
    public static ServerEndpointConfig mqttAt(String path, Supplier<Broker> broker, Set<String> roles) {
        return ServerEndpointConfig.Builder.create(MqttEndpoint.class, path).subprotocols(MqttEndpoint.SUBPROTOCOLS)
                .configurator(new WatchboxEndpointConfigurator(broker, roles)).build();
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        if (endpointClass == MqttEndpoint.class) {
            return endpointClass.cast(new MqttEndpoint(broker.get(), mqttProtocols));
        }
        return endpointClass.cast(new WatchboxEndpoint(broker.get(), protocols));
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        // The user properties are per connection since WebSocket 2.1.
        Arrival arrival = new Arrival(handshake(request),
                ContainerUser.of(request.getUserPrincipal(), request::isUserInRole, roles));
        config.getUserProperties().put(Arrival.KEY, arrival.slot());
        if (request.getHttpSession() instanceof HttpSession session) {
            invalidateIfNew(session);
        }
    }

    private static Handshake handshake(HandshakeRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.getHeaders());
        List<String> remote = headers.remove(AccessFilter.REMOTE_ADDRESS);
        List<String> origin = headers.get("Origin");
        return new Handshake(headers, origin == null || origin.isEmpty() ? null : origin.get(0),
                remote == null || remote.isEmpty() ? null : remote.get(0));
    }

    private static void invalidateIfNew(HttpSession session) {
        try {
            if (session.isNew()) {
                session.invalidate();
            }
        } catch (IllegalStateException alreadyInvalidated) {
            // Nothing left to release.
        }
    }
}
