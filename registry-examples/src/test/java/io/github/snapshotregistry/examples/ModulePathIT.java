package io.github.snapshotregistry.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published jars, as Maven packaged them, load on the module path under their
 * {@code Automatic-Module-Name}, beside their dependencies. Runs in the integration-test phase, when
 * the reactor's jars exist.
 */
class ModulePathIT {

    /** Each published module's jar, by its module name, and a public class it must load. */
    private static final Map<String, String> PUBLISHED = Map.of(
            "io.github.snapshotregistry.api", "io.github.snapshotregistry.SnapshotRegistry",
            "io.github.snapshotregistry.jdbi", "io.github.snapshotregistry.jdbi.SingleFlight",
            "io.github.snapshotregistry.memory", "io.github.snapshotregistry.memory.InMemorySnapshotRegistry",
            "io.github.snapshotregistry.sqlite", "io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry",
            "io.github.snapshotregistry.postgres", "io.github.snapshotregistry.postgres.PostgresSnapshotRegistry",
            "io.github.snapshotregistry.tck", "io.github.snapshotregistry.tck.SnapshotRegistryContract",
            "io.github.snapshotregistry.micrometer", "io.github.snapshotregistry.micrometer.SnapshotRegistryMetrics");

    @Test
    void everyPublishedJarLoadsOnTheModulePathUnderItsAutomaticModuleName() throws Exception {
        ModuleFinder finder = ModuleFinder.of(jarsOnTheTestClassPath());
        Set<String> found = finder.findAll().stream()
                .map(reference -> reference.descriptor().name())
                .collect(Collectors.toSet());
        assertTrue(found.containsAll(PUBLISHED.keySet()),
                "jars named by Automatic-Module-Name: expected " + PUBLISHED.keySet() + " among " + found);

        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolve(finder, ModuleFinder.of(), PUBLISHED.keySet());
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());

        for (Map.Entry<String, String> published : PUBLISHED.entrySet()) {
            Class<?> type = layer.findLoader(published.getKey()).loadClass(published.getValue());
            assertEquals(published.getKey(), type.getModule().getName(), published.getValue() + "'s module");
            assertTrue(finder.find(published.getKey()).map(ModuleReference::descriptor).orElseThrow().isAutomatic());
        }
    }

    private static Path[] jarsOnTheTestClassPath() {
        List<Path> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(path -> path.toString().endsWith(".jar") && Files.isRegularFile(path))
                .filter(path -> !path.getFileName().toString().startsWith("surefire")
                        && !path.getFileName().toString().startsWith("failsafe"))
                .collect(Collectors.toList());
        return jars.toArray(Path[]::new);
    }
}
