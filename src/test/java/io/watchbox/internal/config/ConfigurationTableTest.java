package io.watchbox.internal.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.watchbox.InvalidSettingException;
import io.watchbox.internal.access.Acl;
import io.watchbox.internal.access.JwtAuthenticator;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's table of settings names exactly the keys {@link WatchboxConfig} reads, with
 * the defaults the code gives them. The keys come from the code: the {@code @ConfigProperty} fields,
 * and the keys its methods ask {@link Config} for while they run.
 */
class ConfigurationTableTest {

    /** How a table row spells the role part of an ACL key. */
    private static final String WHO = "<who>";
    private static final String SOME_ROLE = "some-role";

    @Test
    void theTableNamesEveryKeyTheCodeReadsAndNoOther() throws IOException {
        Set<String> read = keysTheCodeReads();
        Set<String> documented = table().keySet();
        assertEquals(Set.of(), difference(read, documented), "keys WatchboxConfig reads that docs/configuration.md lacks");
        assertEquals(Set.of(), difference(documented, read), "keys in docs/configuration.md that WatchboxConfig does not read");
    }

    private static Set<String> difference(Set<String> from, Set<String> without) {
        Set<String> left = new TreeSet<>(from);
        left.removeAll(without);
        return left;
    }

    @Test
    void theTableGivesTheDefaultsTheCodeUses() throws IOException {
        Map<String, String> table = table();
        Map<String, String> defaults = new TreeMap<>();
        for (Field field : WatchboxConfig.class.getDeclaredFields()) {
            ConfigProperty property = field.getAnnotation(ConfigProperty.class);
            if (property != null && !property.defaultValue().equals(ConfigProperty.UNCONFIGURED_VALUE)) {
                defaults.put(property.name(), property.defaultValue());
            }
        }
        assertFalse(defaults.isEmpty());
        defaults.forEach((key, value) -> assertEquals(value, table.get(key).replace("`", ""), "the default of " + key));
    }

    @Test
    void theAclRowsAreKeysTheCodeAcceptsAndAnotherActionIsRefused() throws IOException {
        List<String> aclRows = table().keySet().stream().filter(key -> key.startsWith(Acl.PREFIX)).toList();
        assertFalse(aclRows.isEmpty());
        for (String row : aclRows) {
            String key = row.replace(WHO, SOME_ROLE);
            assertDoesNotThrow(() -> Acl.fromConfig(List.of(key), name -> "rooms/+"), row);
        }
        assertThrows(InvalidSettingException.class,
                () -> Acl.fromConfig(List.of(Acl.PREFIX + SOME_ROLE + ".admin"), name -> "rooms/+"));
    }

    /** The injected keys, and those the methods look up by name, run against a recording Config. */
    private static Set<String> keysTheCodeReads() {
        Set<String> keys = Arrays.stream(WatchboxConfig.class.getDeclaredFields())
                .map(field -> field.getAnnotation(ConfigProperty.class)).filter(p -> p != null)
                .map(ConfigProperty::name).collect(Collectors.toCollection(TreeSet::new));

        // Without a key, then with one that does not parse: between them every lookup is made.
        keys.addAll(readBy(config -> config.jwtAuthenticator(), Map.of(), List.of()));
        keys.addAll(readBy(config -> assertThrows(InvalidSettingException.class, config::jwtAuthenticator),
                Map.of(JwtAuthenticator.PUBLIC_KEY, "not a key"), List.of()));
        // The ACL scans every configured name for its prefix: offer it one name of each action.
        List<String> offered = List.of(Acl.PREFIX + SOME_ROLE + ".subscribe", Acl.PREFIX + SOME_ROLE + ".publish");
        readBy(config -> config.acl(), Map.of(), offered).stream()
                .map(key -> key.replace(SOME_ROLE, WHO)).forEach(keys::add);
        return keys;
    }

    private static Set<String> readBy(Consumer<WatchboxConfig> reading, Map<String, String> values,
            List<String> names) {
        Set<String> asked = new TreeSet<>();
        WatchboxConfig config = new WatchboxConfig();
        config.all = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getOptionalValue" -> {
                        asked.add((String) args[0]);
                        yield Optional.ofNullable(values.get((String) args[0]))
                                .or(() -> names.contains((String) args[0]) ? Optional.of("rooms/+") : Optional.empty());
                    }
                    case "getPropertyNames" -> names;
                    // Any other way of reading would escape this record: make it fail here instead.
                    default -> throw new UnsupportedOperationException("ConfigurationTableTest does not record " + method);
                });
        reading.accept(config);
        return asked;
    }

    /** The table under "## The settings": each key with its default column. */
    private static Map<String, String> table() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(doc())) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## The settings");
            } else if (inSection && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                String key = cells[1].strip();
                assertEquals(2, key.chars().filter(c -> c == '`').count(), "one key per row: " + line);
                rows.put(key.replace("`", ""), cells[2].strip());
            }
        }
        assertFalse(rows.isEmpty(), "a table under '## The settings' in " + doc());
        return rows;
    }

    /** docs/ sits beside the module's directory (Maven's basedir, where the tests run). */
    private static Path doc() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path at = dir; at != null; at = at.getParent()) {
            Path candidate = at.resolve("docs").resolve("configuration.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no docs/configuration.md above " + dir);
    }
}
