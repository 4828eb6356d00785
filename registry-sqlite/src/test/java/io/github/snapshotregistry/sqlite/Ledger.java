package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the {@link LoadProcess}es recorded in a folder (the ids whose put returned, the ids their
 * listeners accepted) and the checks of rules 4, 6 and 8 against a registry file after they ended
 * or were killed.
 */
final class Ledger {

    private final Path records;

    Ledger(Path records) {
        this.records = records;
    }

    /**
     * Opens the file as a registry whose listener records into this ledger (open delivers what the
     * processes left pending), then checks: the bound holds, the storage is consistent, every id a
     * returned put stored is mapped, pending or delivered, and no delivered id is still mapped (but
     * those the load put under two keys one after the other, see {@link LoadProcess}).
     *
     * @return the counts, for the test's output
     */
    Counts check(Path file, long maxEntries) throws IOException {
        Path checkerDeliveries = records.resolve("deliveries-checker.txt");
        RegistryConfig config = RegistryConfig.builder()
                .maxEntries(maxEntries)
                .evictionListener(eviction -> Files.writeString(checkerDeliveries, eviction.snapshotId().value() + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND))
                .build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config)) {
            Set<String> mapped = registry.entries().stream()
                    .map(RegistryEntry::snapshotId).map(SnapshotId::value).collect(Collectors.toSet());
            Set<String> pending = registry.listPendingEvictions().stream()
                    .map(Eviction::snapshotId).map(SnapshotId::value).collect(Collectors.toSet());
            List<String> deliveries = lines("deliveries-");
            Set<String> delivered = new HashSet<>(deliveries);
            Set<String> stored = new HashSet<>(lines("puts-"));
            Set<String> lost = new HashSet<>(stored);
            lost.removeAll(mapped);
            lost.removeAll(pending);
            lost.removeAll(delivered);
            Set<String> deliveredWhileMapped = new HashSet<>(mapped);
            deliveredWhileMapped.retainAll(delivered);
            deliveredWhileMapped.removeAll(lines("shared-"));
            long size = registry.size();
            List<String> problems = registry.checkStorage();
            assertAll(
                    () -> assertTrue(size <= maxEntries, "Rule 4: size " + size + " > maxEntries " + maxEntries),
                    () -> assertEquals(List.of(), problems, "the storage is consistent"),
                    () -> assertEquals(Set.of(), lost, "Rule 8: ids whose put returned are lost"),
                    () -> assertEquals(Set.of(), deliveredWhileMapped, "Rule 6: ids delivered while still mapped"));
            return new Counts(stored.size(), deliveries.size(), delivered.size(), mapped.size(), pending.size());
        }
    }

    private List<String> lines(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(records)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isEmpty()).forEach(lines::add);
            }
        }
        return lines;
    }

    /**
     * How many ids were stored by returned puts, deliveries made (and distinct ids among them),
     * ids mapped and pending at the check.
     */
    record Counts(int stored, int deliveries, int deliveredIds, int mapped, int pending) {

        int duplicateDeliveries() {
            return deliveries - deliveredIds;
        }
    }
}
