package io.watchbox.internal.config;

import io.watchbox.InvalidSettingException;
import io.watchbox.Settings;
import io.watchbox.WatchboxAuthenticator;
import io.watchbox.internal.access.AccessRules;
import io.watchbox.internal.access.Acl;
import io.watchbox.internal.access.AnonymousPolicy;
import io.watchbox.internal.access.JwtAuthenticator;
import io.watchbox.internal.access.OriginPolicy;
import io.watchbox.internal.access.Roles;
import io.watchbox.internal.cluster.ClusterSettings;
import io.watchbox.internal.cluster.OutageBounds;
import io.watchbox.internal.core.store.StoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code watchbox.*} keys of MicroProfile Config, read as text so that bad values are reported by key. */
@ApplicationScoped
public class WatchboxConfig {

    @Inject
    @ConfigProperty(name = Settings.LOGGINGLEVEL, defaultValue = "3")
    String logginglevel;

    @Inject
    @ConfigProperty(name = Settings.TIMEOUT, defaultValue = "10")
    String timeout;

    @Inject
    @ConfigProperty(name = Settings.LISTLIMIT, defaultValue = "50")
    String listlimit;

    @Inject
    @ConfigProperty(name = Settings.MAXMESSAGE, defaultValue = "65536")
    String maxmessage;

    @Inject
    @ConfigProperty(name = Settings.RATELIMIT, defaultValue = "0")
    String ratelimit;

    @Inject
    @ConfigProperty(name = Settings.MAXCLIENTS, defaultValue = "10000")
    String maxclients;

    @Inject
    @ConfigProperty(name = Settings.MAXSUBSCRIPTIONS, defaultValue = "100")
    String maxsubscriptions;

    @Inject
    @ConfigProperty(name = Settings.MAXQUEUEDBYTES, defaultValue = "1048576")
    String maxqueuedbytes;

    @Inject
    @ConfigProperty(name = Settings.HELLOTIMEOUT, defaultValue = "5")
    String hellotimeout;

    @Inject
    @ConfigProperty(name = Settings.MQTT_TOPICALIASMAX, defaultValue = "10")
    String mqtttopicaliasmax;

    @Inject
    @ConfigProperty(name = Settings.MQTT_MAXKEEPALIVE, defaultValue = "1200")
    String mqttmaxkeepalive;

    @Inject
    @ConfigProperty(name = Settings.MQTT_MAXSESSIONEXPIRY, defaultValue = "3600")
    String mqttmaxsessionexpiry;

    @Inject
    @ConfigProperty(name = Settings.PATH, defaultValue = "/watchbox")
    String path;

    @Inject
    @ConfigProperty(name = Settings.RETAINED_MAXCOUNT, defaultValue = "10000")
    String retainedmaxcount;

    @Inject
    @ConfigProperty(name = Settings.RETAINED_MAXBYTES, defaultValue = "16777216")
    String retainedmaxbytes;

    @Inject
    @ConfigProperty(name = OriginPolicy.KEY)
    Optional<String> origins;

    @Inject
    Config all;

    /**
     * The verifier of hello tokens from the MicroProfile JWT keys, or empty when none are configured.
     * {@code mp.jwt.verify.publickey.location} is a file path or a class path resource.
     */
    public Optional<WatchboxAuthenticator> jwtAuthenticator() {
        Optional<String> key = all.getOptionalValue(JwtAuthenticator.PUBLIC_KEY, String.class)
                .or(() -> all.getOptionalValue(JwtAuthenticator.PUBLIC_KEY_LOCATION, String.class).map(WatchboxConfig::read));
        List<String> audiences = all.getOptionalValue(JwtAuthenticator.AUDIENCES, String.class)
                .map(a -> Stream.of(a.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList()).orElse(List.of());
        return key.map(k -> new JwtAuthenticator(k,
                all.getOptionalValue(JwtAuthenticator.ALGORITHM, String.class).orElse("RS256"),
                all.getOptionalValue(JwtAuthenticator.ISSUER, String.class).orElse(null), audiences));
    }

    private static String read(String location) {
        try {
            Path file = Path.of(location.startsWith("file:") ? location.substring(5) : location);
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
            try (InputStream resource = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream(location.startsWith("/") ? location.substring(1) : location)) {
                if (resource != null) {
                    return new String(resource.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidSettingException(JwtAuthenticator.PUBLIC_KEY_LOCATION, location, "a readable file or class path resource: " + e);
        }
        throw new InvalidSettingException(JwtAuthenticator.PUBLIC_KEY_LOCATION, location, "a readable file or class path resource");
    }

    /** The access rules of watchbox.acl.*, or empty when none are configured. */
    public Optional<Acl> acl() {
        return Acl.fromConfig(all.getPropertyNames(), name -> all.getOptionalValue(name, String.class).orElse(""));
    }

    @Inject
    @ConfigProperty(name = AnonymousPolicy.KEY)
    Optional<String> anonymous;

    /**
     * Which origins and anonymous clients may connect, and the roles to ask the container about;
     * throws {@link InvalidSettingException} for a bad value.
     *
     * @param acl the configured ACL ({@link #acl()}), whose roles are asked about too
     */
    public AccessRules accessRules(Optional<Acl> acl) {
        Set<String> roles = new HashSet<>(Roles.OF_ADMITTED_ANONYMOUS);
        acl.ifPresent(rules -> roles.addAll(rules.roles()));
        return new AccessRules(OriginPolicy.parse(origins == null ? null : origins.orElse(null)),
                AnonymousPolicy.parse(anonymous == null ? null : anonymous.orElse(null)), roles);
    }

    @Inject
    @ConfigProperty(name = ClusterSettings.REDIS)
    Optional<String> clusterRedis;

    @Inject
    @ConfigProperty(name = ClusterSettings.NAME, defaultValue = ClusterSettings.DEFAULT_NAME)
    String clusterName;

    @Inject
    @ConfigProperty(name = ClusterSettings.TRUSTSTORE)
    Optional<String> clusterTruststore;

    @Inject
    @ConfigProperty(name = ClusterSettings.TRUSTSTORE_PASSWORD)
    Optional<String> clusterTruststorePassword;

    @Inject
    @ConfigProperty(name = ClusterSettings.READY_WITHOUT_REDIS, defaultValue = ClusterSettings.DEFAULT_READY_WITHOUT_REDIS)
    String clusterReadyWithoutRedis;

    @Inject
    @ConfigProperty(name = OutageBounds.BYTES, defaultValue = OutageBounds.DEFAULT_BYTES)
    String clusterOutageBytes;

    @Inject
    @ConfigProperty(name = OutageBounds.SECONDS, defaultValue = OutageBounds.DEFAULT_SECONDS)
    String clusterOutageSeconds;

    /**
     * Cluster mode's settings, or empty (a single node) when {@code watchbox.cluster.redis} is not set
     * or blank; throws {@link InvalidSettingException} for a bad name, readiness choice or outage bound.
     */
    public Optional<ClusterSettings> cluster() {
        return present(clusterRedis)
                .map(uri -> new ClusterSettings(uri, clusterName == null ? null : clusterName.strip(),
                        present(clusterTruststore).orElse(null), present(clusterTruststorePassword).orElse(null),
                        ClusterSettings.readyWithoutRedis(clusterReadyWithoutRedis),
                        OutageBounds.parse(clusterOutageBytes, clusterOutageSeconds)));
    }

    @Inject
    @ConfigProperty(name = ClusterSettings.HAND_OVER, defaultValue = ClusterSettings.DEFAULT_HAND_OVER)
    String clusterHandOver;

    /**
     * Cluster mode: how long a stopping replica may spend handing its sessions to the others; throws
     * {@link InvalidSettingException} for a bad value.
     */
    public Duration clusterHandOver() {
        return ClusterSettings.handOver(clusterHandOver);
    }

    @Inject
    @ConfigProperty(name = ClusterSettings.MIRROR, defaultValue = ClusterSettings.DEFAULT_MIRROR)
    String clusterMirror;

    /**
     * Cluster mode: whether sessions are mirrored in Redis, for another replica to adopt them after a
     * crash; throws {@link InvalidSettingException} for a bad value.
     */
    public boolean clusterMirror() {
        return ClusterSettings.mirror(clusterMirror);
    }

    private static Optional<String> present(Optional<String> value) {
        return (value == null ? Optional.<String>empty() : value).map(String::strip).filter(v -> !v.isEmpty());
    }

    @Inject
    @ConfigProperty(name = StoreSettings.DIRECTORY)
    Optional<String> storeDirectory;

    @Inject
    @ConfigProperty(name = StoreSettings.INTERVAL, defaultValue = StoreSettings.DEFAULT_INTERVAL)
    String storeInterval;

    /**
     * Where a single server keeps its sessions and retained messages across a restart, or empty
     * (nothing is written) when {@code watchbox.store} is not set or blank; throws
     * {@link InvalidSettingException} for a bad interval.
     */
    public Optional<StoreSettings> store() {
        return present(storeDirectory).map(directory -> StoreSettings.parse(directory, storeInterval));
    }

    /** The configured settings; throws {@link InvalidSettingException} for a bad value. */
    public Settings settings() {
        return ValidSettings.builder()
                .logginglevel(parse(Settings.LOGGINGLEVEL, logginglevel))
                .timeout(parse(Settings.TIMEOUT, timeout))
                .listlimit(parse(Settings.LISTLIMIT, listlimit))
                .maxmessage(parse(Settings.MAXMESSAGE, maxmessage))
                .ratelimit(parse(Settings.RATELIMIT, ratelimit))
                .maxclients(parse(Settings.MAXCLIENTS, maxclients))
                .maxsubscriptions(parse(Settings.MAXSUBSCRIPTIONS, maxsubscriptions))
                .hellotimeout(parse(Settings.HELLOTIMEOUT, hellotimeout))
                .mqttmaxsessionexpiry(parse(Settings.MQTT_MAXSESSIONEXPIRY, mqttmaxsessionexpiry))
                .maxqueuedbytes(parse(Settings.MAXQUEUEDBYTES, maxqueuedbytes))
                .mqtttopicaliasmax(parse(Settings.MQTT_TOPICALIASMAX, mqtttopicaliasmax))
                .mqttmaxkeepalive(parse(Settings.MQTT_MAXKEEPALIVE, mqttmaxkeepalive))
                .path(path == null ? null : path.strip())
                .retainedmaxcount(parse(Settings.RETAINED_MAXCOUNT, retainedmaxcount))
                .retainedmaxbytes(parse(Settings.RETAINED_MAXBYTES, retainedmaxbytes))
                .build();
    }

    /** A configured number; a value that is not one gets a message naming its key too. */
    static int parse(String key, String raw) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException(key, raw, ValidSettings.range(key));
        }
    }
}
