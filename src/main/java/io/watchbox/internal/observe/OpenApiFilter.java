package io.watchbox.internal.observe;

import io.watchbox.GroupInfo;
import io.watchbox.SessionInfo;
import io.watchbox.Settings;
import io.watchbox.Stats;
import io.watchbox.StatsSample;
import io.watchbox.internal.logging.LoggingLevel;
import io.watchbox.internal.rest.ApiError;
import io.watchbox.internal.rest.GroupsResource;
import io.watchbox.internal.rest.WatchboxApi;
import io.watchbox.internal.values.SessionInfoRecord;
import io.watchbox.internal.values.StatsRecord;
import io.watchbox.internal.values.StatsSampleRecord;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Shows Watchbox's REST API in the application's OpenAPI description as clients see it.
 *
 * <ul>
 * <li>At the paths clients call, {@code {watchbox.path}/api/...}. The API is served there by
 * forwarding to an internal mount ({@link WatchboxApi#MOUNT}), but a scanner takes one JAX-RS
 * application path for every resource of the WAR. So Watchbox's application is left out of the
 * scan ({@code mp.openapi.scan.exclude.classes}), which keeps the host's resources at the host's
 * path, and Watchbox's resources, placed there too (where they answer 404), are recognised by
 * their {@code operationId}s and moved, each once.</li>
 * <li>With the fields of its answers. Scanners may not see into records (SmallRye OpenAPI 3, in
 * Open Liberty's mpOpenAPI-3.1, describes them as bare objects): the schema of each answer that
 * came out without properties gets them from the record's components.</li>
 * </ul>
 *
 * <p>Set as {@code mp.openapi.filter} by the module's {@code META-INF/microprofile-config.properties},
 * at ordinal 50, below an application's own configuration: an application with a filter or a scan
 * exclusion of its own keeps it (MicroProfile OpenAPI takes one of each), and then shows
 * Watchbox's API as scanned.
 */
public class OpenApiFilter implements OASFilter {

    private static final Logger ERROR_LOG = LoggingLevel.error();
    private static final Pattern REGEX_PARAMETER = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*:[^}]*}");
    /**
     * The records the API answers with, by the schema names scanners give them: the simple name of
     * the type a resource declares, which for the public interfaces is not the record behind them.
     */
    static final Map<String, Class<? extends Record>> ANSWERS = Map.of(
            SessionInfo.class.getSimpleName(), SessionInfoRecord.class,
            Stats.class.getSimpleName(), StatsRecord.class,
            StatsSample.class.getSimpleName(), StatsSampleRecord.class,
            GroupInfo.class.getSimpleName(), GroupInfo.class,
            GroupsResource.Published.class.getSimpleName(), GroupsResource.Published.class,
            ApiError.class.getSimpleName(), ApiError.class);

    private final String base;
    private final Map<String, String> operations;

    public OpenApiFilter() {
        this(configuredPath());
    }

    /** @param path {@code watchbox.path} */
    OpenApiFilter(String path) {
        base = path + "/api";
        operations = operations();
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        movePaths(openAPI.getPaths());
        describeAnswers(openAPI.getComponents());
    }

    private void movePaths(Paths paths) {
        if (paths == null || paths.getPathItems() == null) {
            return;
        }
        Map<String, PathItem> moved = new LinkedHashMap<>();
        paths.getPathItems().forEach((key, item) -> {
            String path = watchboxPath(item);
            moved.putIfAbsent(path == null ? key : base + path, item);
        });
        paths.setPathItems(moved);
    }

    /** Where Watchbox serves this item's operations, relative to the API base; null if they are not Watchbox's. */
    private String watchboxPath(PathItem item) {
        if (item.getOperations() == null) {
            return null;
        }
        for (org.eclipse.microprofile.openapi.models.Operation operation : item.getOperations().values()) {
            String path = operations.get(operation.getOperationId());
            if (path != null) {
                return path;
            }
        }
        return null;
    }

    private static void describeAnswers(Components components) {
        if (components == null || components.getSchemas() == null) {
            return;
        }
        for (Map.Entry<String, Class<? extends Record>> answer : ANSWERS.entrySet()) {
            Schema schema = components.getSchemas().get(answer.getKey());
            if (schema != null && (schema.getProperties() == null || schema.getProperties().isEmpty())) {
                for (RecordComponent component : answer.getValue().getRecordComponents()) {
                    schema.addProperty(component.getName(), schema(component));
                    schema.addRequired(component.getName());
                }
            }
        }
    }

    private static Schema schema(RecordComponent component) {
        if (component.getGenericType() instanceof ParameterizedType map && Map.class.isAssignableFrom(component.getType())
                && map.getActualTypeArguments()[1] instanceof Class<?> value && ANSWERS.containsKey(value.getSimpleName())) {
            // An object keyed by strings (Stats.replicas, by replica id), whose values are one of the answers.
            Schema object = OASFactory.createSchema().type(SchemaType.OBJECT)
                    .additionalPropertiesSchema(OASFactory.createSchema().ref(value.getSimpleName()));
            return component.getAccessor().isAnnotationPresent(JsonbNillable.class) ? object.nullable(true) : object;
        }
        return schema(Property.of(component));
    }

    private static Schema schema(Property property) {
        Schema schema = OASFactory.createSchema().type(property.type()).format(property.format());
        if (property.items() != null) {
            schema.items(OASFactory.createSchema().type(property.items())).uniqueItems(property.unique() ? true : null);
        }
        return property.nullable() ? schema.nullable(true) : schema;
    }

    /**
     * How a record component is written in JSON, as OpenAPI says it.
     *
     * @param format the OpenAPI format, or null
     * @param items  the type of an array's items, or null when it is not an array
     * @param unique whether an array's items are all different (a set)
     */
    record Property(SchemaType type, String format, SchemaType items, boolean unique, boolean nullable) {

        static Property of(RecordComponent component) {
            boolean nullable = component.getAccessor().isAnnotationPresent(JsonbNillable.class);
            Class<?> type = component.getType();
            if (Collection.class.isAssignableFrom(type)) {
                return new Property(SchemaType.ARRAY, null, scalar(elementType(component.getGenericType())).type(),
                        Set.class.isAssignableFrom(type), nullable);
            }
            Property scalar = scalar(type);
            return new Property(scalar.type(), scalar.format(), null, false, nullable);
        }

        private static Property scalar(Class<?> type) {
            if (type == long.class || type == Long.class) {
                return new Property(SchemaType.INTEGER, "int64", null, false, false);
            }
            if (type == int.class || type == Integer.class) {
                return new Property(SchemaType.INTEGER, "int32", null, false, false);
            }
            if (type == double.class || type == Double.class) {
                return new Property(SchemaType.NUMBER, "double", null, false, false);
            }
            if (type == boolean.class || type == Boolean.class) {
                return new Property(SchemaType.BOOLEAN, null, null, false, false);
            }
            if (type == Instant.class) {
                return new Property(SchemaType.STRING, "date-time", null, false, false);
            }
            return new Property(SchemaType.STRING, null, null, false, false);
        }

        private static Class<?> elementType(Type collection) {
            return collection instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] instanceof Class<?> element ? element : String.class;
        }
    }

    /** Watchbox's operations by id, each with its path template relative to the API base. */
    static Map<String, String> operations() {
        Map<String, String> operations = new HashMap<>();
        for (Class<?> resource : new WatchboxApi().getClasses()) {
            Path resourcePath = resource.getAnnotation(Path.class);
            if (resourcePath == null) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                Operation operation = method.getAnnotation(Operation.class);
                if (operation != null && !operation.operationId().isEmpty()) {
                    Path methodPath = method.getAnnotation(Path.class);
                    operations.put(operation.operationId(),
                            template(resourcePath.value() + (methodPath == null ? "" : methodPath.value())));
                }
            }
        }
        return operations;
    }

    /** The path as OpenAPI writes it: {@code /groups/{group: .+}/messages} is {@code /groups/{group}/messages}. */
    static String template(String jaxrsPath) {
        return REGEX_PARAMETER.matcher(jaxrsPath).replaceAll("{$1}").replaceAll("//+", "/");
    }

    private static String configuredPath() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(Settings.PATH, String.class).map(String::strip)
                    .orElse(Settings.DEFAULTS.path());
        } catch (RuntimeException e) {
            ERROR_LOG.fine(() -> "the OpenAPI description shows Watchbox at " + Settings.DEFAULTS.path() + ": " + e);
            return Settings.DEFAULTS.path();
        }
    }
}
