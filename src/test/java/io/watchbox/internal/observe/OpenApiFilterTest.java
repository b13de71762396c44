package io.watchbox.internal.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchbox.internal.observe.OpenApiFilter.Property;
import io.watchbox.internal.values.SessionInfoRecord;
import io.watchbox.internal.values.StatsSampleRecord;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.junit.jupiter.api.Test;

class OpenApiFilterTest {

    @Test
    void everyOperationHasItsPathTemplateRelativeToTheApiBase() {
        assertEquals(Map.of(
                "watchboxListSessions", "/clients",
                "watchboxKickSession", "/clients/{uid}",
                "watchboxListGroups", "/groups",
                "watchboxPublish", "/groups/{group}/messages",
                "watchboxStats", "/stats",
                "watchboxStatsHistory", "/stats/history",
                "watchboxListRetained", "/retained",
                "watchboxClearAllRetained", "/retained",
                "watchboxClearRetained", "/retained/{group}"), OpenApiFilter.operations());
    }

    @Test
    void regexParametersBecomePlainTemplates() {
        assertEquals("/groups/{group}/messages", OpenApiFilter.template("/groups/{group: .+}/messages"));
        assertEquals("/a/{b}/{c}", OpenApiFilter.template("/a/{b}/{ c : [0-9]+ }"));
        assertEquals("/clients/{uid}", OpenApiFilter.template("/clients//{uid}"));
    }

    @Test
    void recordComponentsAreDescribedAsJsonBWritesThem() {
        assertEquals(new Property(SchemaType.STRING, null, null, false, false), property(SessionInfoRecord.class, "uid"));
        assertEquals(new Property(SchemaType.BOOLEAN, null, null, false, false), property(SessionInfoRecord.class, "connected"));
        assertEquals(new Property(SchemaType.ARRAY, null, SchemaType.STRING, true, false), property(SessionInfoRecord.class, "groups"));
        assertEquals(new Property(SchemaType.INTEGER, "int64", null, false, false), property(SessionInfoRecord.class, "queued"));
        assertEquals(new Property(SchemaType.STRING, "date-time", null, false, false), property(SessionInfoRecord.class, "lastSeen"));
        assertEquals(new Property(SchemaType.STRING, null, null, false, true), property(SessionInfoRecord.class, "user"));
        assertEquals(new Property(SchemaType.NUMBER, "double", null, false, false),
                property(StatsSampleRecord.class, "publishedPerSecond"));
    }

    private static Property property(Class<? extends Record> record, String name) {
        RecordComponent component = Arrays.stream(record.getRecordComponents())
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
        return Property.of(component);
    }
}
