package io.watchbox.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Lettuce is optional: cluster mode without it fails the deployment saying what to add. */
class RedisClientLibraryTest {

    private static final String URI = "redis://:s3cret@redis.example:6379";
    private static final ClusterSettings SETTINGS = new ClusterSettings(URI, ClusterSettings.DEFAULT_NAME);

    @Test
    void clusterModeWithoutLettuceFailsNamingTheSettingAndTheDependencyToAdd() throws IOException {
        ClassLoader withoutLettuce = ClassLoader.getPlatformClassLoader();

        RedisClientMissingException e = assertThrows(RedisClientMissingException.class,
                () -> RedisClientLibrary.require(SETTINGS, withoutLettuce));

        assertTrue(e.getMessage().startsWith("Watchbox setting watchbox.cluster.redis=redis://***@redis.example:6379 "),
                e.getMessage());
        assertTrue(e.getMessage().contains("add the dependency io.lettuce:lettuce-core:" + lettuceTestedWith() + " "),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void clusterModeWithLettuceMayStart() {
        assertDoesNotThrow(() -> RedisClientLibrary.require(SETTINGS));
    }

    @Test
    void theModuleWithoutLettuceReportsItRatherThanFailingToLink() throws Exception {
        // The module's classes alone, as in a WAR that has its jar and no Lettuce.
        URL moduleClasses = RedisClientLibrary.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader module = new URLClassLoader(new URL[] {moduleClasses}, ClassLoader.getPlatformClassLoader())) {
            Class<?> settings = module.loadClass(ClusterSettings.class.getName());
            Object configured = settings.getConstructor(String.class, String.class).newInstance(URI, "watchbox");

            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> module.loadClass(RedisClientLibrary.class.getName()).getMethod("require", settings)
                            .invoke(null, configured));

            assertEquals(RedisClientMissingException.class.getName(), e.getCause().getClass().getName());
            assertTrue(e.getCause().getMessage().contains("io.lettuce:lettuce-core:"), e.getCause().getMessage());
        }
    }

    /** The version of the Lettuce on the test class path, which the module's pom chose. */
    private static String lettuceTestedWith() throws IOException {
        try (InputStream in = RedisClient.class.getResourceAsStream("/META-INF/maven/io.lettuce/lettuce-core/pom.properties")) {
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        }
    }
}
