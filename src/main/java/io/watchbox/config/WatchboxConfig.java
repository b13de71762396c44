package io.watchbox.config;

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

    /** The configured settings; throws {@link InvalidSettingException} for an out-of-range value. */
    public Settings settings() {
        return Settings.parse(logginglevel, timeout, listlimit, maxmessage, ratelimit, maxclients, maxsubscriptions);
    }
}
