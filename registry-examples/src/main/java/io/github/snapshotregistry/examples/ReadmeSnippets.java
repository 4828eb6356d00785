package io.github.snapshotregistry.examples;

// tag::usage[]
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
// end::usage[]
import io.github.snapshotregistry.micrometer.SnapshotRegistryMetrics;
import io.github.snapshotregistry.postgres.PostgresSnapshotRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;

/**
 * The README's Java snippets, compiled so that they cannot rot: each region between {@code
 * tag::NAME[]} and {@code end::NAME[]} comments is shown in the README unchanged (less its
 * indentation), which {@code ReadmeSnippetsTest} checks. Not run: the paths and the database are
 * the reader's.
 */
final class ReadmeSnippets {

    private ReadmeSnippets() {
    }

    static void usage() {
        // tag::usage[]
        Path images = Path.of("/var/cache/images");
        RegistryConfig config = RegistryConfig.builder()
                .maxWeight(50L << 30)                                  // 50 GiB of snapshots
                .weigher((key, id) -> sizeOnDisk(images.resolve(id.value())))
                .evictionListener(eviction -> Files.deleteIfExists(images.resolve(eviction.snapshotId().value())))
                .build();
        try (SnapshotRegistry registry = SqliteSnapshotRegistry.open(images.resolve("registry.db"), config)) {
            SnapshotId image = registry.computeIfAbsent("ubuntu-24.04", key -> buildImage(images, key));
        }
        // end::usage[]
    }

    // tag::usage[]
    /** A weigher cannot throw a checked exception: it rethrows it unchecked, and the write stores nothing. */
    static long sizeOnDisk(Path snapshot) {
        try {
            return Files.size(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot weigh " + snapshot, e);
        }
    }
    // end::usage[]

    static void postgres(DataSource pool, RegistryConfig config) {
        Path images = Path.of("/mnt/shared/images");
        // tag::postgres[]
        try (SnapshotRegistry registry = PostgresSnapshotRegistry.builder(pool)
                .registryName("vm-images")          // several registries per database, each with its own bounds
                .schema("snapshot_registry")        // created and migrated by Flyway
                .open(config)) {
            SnapshotId image = registry.computeIfAbsent("ubuntu-24.04", key -> buildImage(images, key));
        }
        // end::postgres[]
    }

    static void metrics(MeterRegistry meterRegistry, SnapshotRegistry registry) {
        // tag::metrics[]
        SnapshotRegistryMetrics.monitor(meterRegistry, registry, "vm-images");
        // end::metrics[]
    }

    /** The reader's own code that makes a snapshot. */
    private static SnapshotId buildImage(Path images, String key) {
        throw new UnsupportedOperationException("build " + key + " into " + images);
    }
}
