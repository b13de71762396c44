package io.watchbox.internal.config;

import io.watchbox.InvalidSettingException;
import io.watchbox.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    @ConfigProperty(name = Settings.PATH, defaultValue = "/watchbox")
    String path;

    /** The configured settings; throws {@link InvalidSettingException} for a bad value. */
    public Settings settings() {
        return Settings.builder()
                .logginglevel(parse(Settings.LOGGINGLEVEL, logginglevel))
                .timeout(parse(Settings.TIMEOUT, timeout))
                .listlimit(parse(Settings.LISTLIMIT, listlimit))
                .maxmessage(parse(Settings.MAXMESSAGE, maxmessage))
                .ratelimit(parse(Settings.RATELIMIT, ratelimit))
                .maxclients(parse(Settings.MAXCLIENTS, maxclients))
                .maxsubscriptions(parse(Settings.MAXSUBSCRIPTIONS, maxsubscriptions))
                .path(path == null ? null : path.strip())
                .build();
    }

    /** A configured number; a value that is not one gets a message naming its key too. */
    static int parse(String key, String raw) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException(key, raw, Settings.range(key));
        }
    }
}
