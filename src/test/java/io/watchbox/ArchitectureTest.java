package io.watchbox;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's shape, as the README's "Layout" describes it: a public package that shows nothing
 * internal, internal packages without cycles, and each outside API used only where its part lives
 * (so that, for one, an application without Redis or MicroProfile Metrics loads none of it).
 */
class ArchitectureTest {

    private static final String API = "io.watchbox";
    private static final String INTERNAL = "io.watchbox.internal..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(API);

    @Test
    void nothingPublicInTheApiShowsAnInternalType() {
        classes().that().resideInAPackage(API).and().arePublic()
                .should(exposeNoInternalType())
                .check(MAIN);
    }

    @Test
    void theInternalPackagesHaveNoCycles() {
        slices().matching("io.watchbox.internal.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyTheClusterPackageUsesLettuce() {
        noClasses().that().resideOutsideOfPackage("io.watchbox.internal.cluster..")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .check(MAIN);
    }

    @Test
    void onlyTheObservePackageUsesMicroProfileHealthAndMetrics() {
        noClasses().that().resideOutsideOfPackage("io.watchbox.internal.observe..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.microprofile.health..",
                        "org.eclipse.microprofile.metrics..")
                .check(MAIN);
    }

    @Test
    void onlyTheObservePackageUsesOpenApiBeyondTheRestResourcesAnnotations() {
        noClasses().that().resideOutsideOfPackages("io.watchbox.internal.observe..", "io.watchbox.internal.rest..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.microprofile.openapi..")
                .check(MAIN);
        // The resources describe themselves with annotations, which need nothing at run time.
        noClasses().that().resideInAPackage("io.watchbox.internal.rest..")
                .should().dependOnClassesThat(resideInAPackage("org.eclipse.microprofile.openapi..")
                        .and(resideOutsideOfPackage("org.eclipse.microprofile.openapi.annotations..")))
                .check(MAIN);
    }

    @Test
    void theBrokersInsideDependsOnNoContainerApi() {
        noClasses().that().resideInAnyPackage("io.watchbox.internal.protocol..", "io.watchbox.internal.routing..",
                        "io.watchbox.internal.session..", "io.watchbox.internal.core..", "io.watchbox.internal.values..",
                        "io.watchbox.internal.logging..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.websocket..", "jakarta.ws.rs..",
                        "jakarta.enterprise..", "jakarta.servlet..", "jakarta.inject..", "jakarta.annotation..",
                        "org.eclipse.microprofile..")
                .check(MAIN);
    }

    @Test
    void onlyTheTransportAndItsRegistrationUseTheWebSocketApi() {
        noClasses().that().resideOutsideOfPackages("io.watchbox.internal.transport..", "io.watchbox.internal.container..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.websocket..")
                .check(MAIN);
    }

    @Test
    void theReadmeNamesEveryPublicTypeOfTheApi() throws IOException {
        Set<String> publicTypes = MAIN.stream()
                .filter(c -> c.getPackageName().equals(API) && c.getModifiers().contains(JavaModifier.PUBLIC)
                        && c.isTopLevelClass())
                .map(JavaClass::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> named = namedInReadme(Path.of("..", "README.md"), "### The public API");

        Set<String> missing = new TreeSet<>(publicTypes);
        missing.removeAll(named);
        Set<String> extra = new TreeSet<>(named);
        extra.removeAll(publicTypes);
        assertTrue(missing.isEmpty() && extra.isEmpty(), () -> "README.md, section \"The public API\": public types "
                + "it does not name: " + missing + "; names that are no public type of " + API + ": " + extra);
    }

    /** The backticked CamelCase names in one section of a Markdown file, up to its next heading. */
    static Set<String> namedInReadme(Path readme, String heading) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, () -> readme + " has no section " + heading);
        Set<String> names = new TreeSet<>();
        Pattern typeName = Pattern.compile("`([A-Z][A-Za-z0-9]*)`");
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher m = typeName.matcher(line);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * A public type whose public or protected members, supertypes and annotations name no type
     * under {@code io.watchbox.internal}, generic arguments and thrown exceptions included.
     */
    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no type of " + INTERNAL) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<String> exposed = new ArrayList<>();
                type.getRawSuperclass().ifPresent(s -> note(exposed, "extends", List.of(s)));
                type.getInterfaces().forEach(i -> note(exposed, "implements", i.getAllInvolvedRawTypes()));
                type.getAnnotations().forEach(a -> noteAnnotation(exposed, "annotation", a));
                for (JavaMember member : visible(type)) {
                    String where = member.getFullName();
                    member.getAnnotations().forEach(a -> noteAnnotation(exposed, where, a));
                    if (member instanceof JavaField field) {
                        note(exposed, where, field.getType().getAllInvolvedRawTypes());
                    } else if (member instanceof JavaCodeUnit code) {
                        note(exposed, where, code.getReturnType().getAllInvolvedRawTypes());
                        code.getParameterTypes().forEach(p -> note(exposed, where, p.getAllInvolvedRawTypes()));
                        note(exposed, where, code.getThrowsClause().getTypes());
                        code.getParameterAnnotations().stream().flatMap(Set::stream)
                                .forEach(a -> noteAnnotation(exposed, where, a));
                    }
                }
                for (String e : exposed) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + " exposes " + e));
                }
            }
        };
    }

    private static List<JavaMember> visible(JavaClass type) {
        return Stream.of(type.getFields(), type.getCodeUnits()).flatMap(Set::stream)
                .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC)
                        || m.getModifiers().contains(JavaModifier.PROTECTED))
                .map(JavaMember.class::cast)
                .toList();
    }

    private static void note(List<String> exposed, String where, Iterable<? extends JavaType> types) {
        for (JavaType t : types) {
            JavaClass raw = t.toErasure();
            if (raw.getPackageName().startsWith("io.watchbox.internal")) {
                exposed.add(raw.getName() + " in " + where);
            }
        }
    }

    private static void noteAnnotation(List<String> exposed, String where, JavaAnnotation<?> annotation) {
        note(exposed, where + " (annotation)", List.of(annotation.getRawType()));
    }
}
