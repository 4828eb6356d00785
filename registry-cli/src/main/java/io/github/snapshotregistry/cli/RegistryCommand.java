package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StorageSchema;
import io.github.snapshotregistry.StoredSnapshot;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code snapshot-registry}: its options (which every subcommand accepts too) and its subcommands.
 *
 * <p>The registry is opened per invocation with no bound that could evict ({@code maxEntries} of
 * {@link Long#MAX_VALUE}; {@code --max-entries} and {@code --max-weight} are only compared with,
 * never applied) and no expiry. Opening delivers the evictions left pending, so the read-only
 * subcommands open with a listener that refuses every eviction: they change nothing. The removing
 * subcommands need {@code --on-evict} or {@code --keep-pending} and are refused before anything is
 * opened without one.
 */
@Command(
        name = "snapshot-registry",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = RegistryCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {
            "Looks inside a snapshot registry and removes entries from it.",
            "URI: sqlite:PATH | postgresql://HOST[:PORT]/DB?registry=NAME&user=U&password=P | memory:"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:not found (get, rm)",
            "2:usage: bad option or argument, or a removal without --on-evict or --keep-pending",
            "3:store error: the registry cannot be opened or read, or doctor found problems"
        })
final class RegistryCommand implements Callable<Integer> {

    private static final String SQLITE = "sqlite";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])?");

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", paramLabel = "URI", scope = ScopeType.INHERIT,
            description = "The registry to open (required).")
    String registry;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print one JSON document instead of text for people.")
    boolean json;

    @Option(names = "--max-entries", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "The entry bound the registry's service uses, to compare with (stats, doctor); never applied.")
    Long maxEntries;

    @Option(names = "--max-weight", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "The weight bound the registry's service uses, to compare with (stats, doctor); never applied.")
    Long maxWeight;

    @Option(names = "--bytes", scope = ScopeType.INHERIT,
            description = "Weights are sizes in bytes: show them as B, KiB, MiB... (otherwise plain numbers).")
    boolean bytes;

    @Option(names = "--on-evict", paramLabel = "COMMAND", scope = ScopeType.INHERIT,
            description = "rm, clean, retry: a shell command run per evicted snapshot, such as 'rm -rf \"/snapshots/{id}\"'."
                    + " {id}, {key}, {cause} and {weight} (also $SNAPSHOT_ID, $SNAPSHOT_KEY, $SNAPSHOT_CAUSE,"
                    + " $SNAPSHOT_WEIGHT) are the eviction's values, bare or inside any quotes, never shell syntax."
                    + " Exit status 0 means deleted; any other leaves the eviction pending.")
    String onEvict;

    @Option(names = "--keep-pending", scope = ScopeType.INHERIT,
            description = "rm, clean: remove without deleting; the evictions stay pending for the service to deliver.")
    boolean keepPending;

    private final boolean terminal;
    private final InstantSource clock;

    /**
     * Creates the command with what it learns from its environment.
     *
     * @param terminal whether the error stream is a terminal, where long deliveries show progress
     * @param clock tells "now" for relative times
     */
    RegistryCommand(boolean terminal, InstantSource clock) {
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Without a subcommand there is nothing to do. */
    @Override
    public Integer call() {
        throw usage("a subcommand is required: ls, get, stats, rm, clean, pending, retry, doctor, reconcile or backup");
    }

    @Command(name = "ls", description = "Lists the entries, least recently used first.")
    int ls(
            @Option(names = "--hottest", description = "Most recently used first.") boolean hottest,
            @Option(names = "--limit", paramLabel = "N", description = "At most N entries.") Integer limit) {
        if (limit != null && limit < 0) {
            throw usage("--limit must not be negative, was " + limit);
        }
        checkOptions();
        RecencyOrder order = hottest ? RecencyOrder.MOST_RECENT_FIRST : RecencyOrder.LEAST_RECENT_FIRST;
        try (SnapshotRegistry opened = inspect("ls");
                Stream<RegistryEntry> entries = opened.streamEntries(order)) {
            long size = opened.size();
            Stream<RegistryEntry> shown = limit == null ? entries : entries.limit(limit);
            return json ? lsJson(size, hottest, shown) : lsTable(size, hottest, shown);
        }
    }

    /** Prints the listing as it streams, so that a long one needs no memory. */
    private int lsJson(long size, boolean hottest, Stream<RegistryEntry> shown) {
        PrintWriter out = out();
        Json document = new Json().beginObject()
                .field("size", size)
                .field("order", hottest ? "most-recent-first" : "least-recent-first")
                .name("entries").beginArray();
        shown.forEachOrdered(entry -> entryObject(document, entry).flushTo(out));
        document.endArray().endObject().flushTo(out);
        out.println();
        return 0;
    }

    /** An entry as a JSON object, as ls and reconcile write it. */
    private static Json entryObject(Json document, RegistryEntry entry) {
        return document.beginObject()
                .field("key", entry.key())
                .field("snapshotId", entry.snapshotId().value())
                .field("weight", entry.weight())
                .field("lastAccess", entry.lastAccess().toString())
                .endObject();
    }

    private int lsTable(long size, boolean hottest, Stream<RegistryEntry> shown) {
        HumanFormat format = format();
        Table table = new Table(4).alignRight(2);
        table.add("KEY", "SNAPSHOT", "WEIGHT", "LAST ACCESS");
        long[] count = {0};
        shown.forEachOrdered(entry -> {
            count[0]++;
            table.add(HumanFormat.visible(entry.key()), HumanFormat.visible(entry.snapshotId().value()),
                    format.weight(entry.weight()), format.age(entry.lastAccess()));
        });
        PrintWriter out = out();
        if (count[0] == 0 && size == 0) {
            out.println("no entries");
            return 0;
        }
        table.print(out);
        if (count[0] < size) {
            out.printf("%d of %d entries, %s first%n", count[0], size, hottest ? "most recently used" : "least recently used");
        }
        return 0;
    }

    @Command(name = "get", description = "Prints the snapshot id a key maps to (exit 1 if absent).")
    int get(@Parameters(paramLabel = "KEY", description = "The key.") String key) {
        checkKey(key);
        checkOptions();
        Optional<SnapshotId> found;
        try (SnapshotRegistry opened = inspect("get")) {
            found = opened.peek(key);
        }
        if (json) {
            print(new Json().beginObject()
                    .field("key", key)
                    .field("snapshotId", found.map(SnapshotId::value).orElse(null))
                    .endObject());
        } else {
            found.ifPresent(id -> out().println(HumanFormat.visible(id.value())));
        }
        return found.isPresent() ? 0 : notFound(key);
    }

    @Command(name = "stats", description = "Prints the entries, weight and bounds, and pending evictions.")
    int stats() {
        checkOptions();
        long size;
        long weight;
        long pending;
        try (SnapshotRegistry opened = inspect("stats")) {
            size = opened.size();
            weight = opened.totalWeight();
            pending = opened.pendingEvictions();
        }
        if (json) {
            print(new Json().beginObject()
                    .field("registry", shownUri())
                    .field("entries", size)
                    .field("maxEntries", maxEntries)
                    .field("totalWeight", weight)
                    .field("maxWeight", maxWeight)
                    .field("pendingEvictions", pending)
                    .endObject());
            return 0;
        }
        HumanFormat format = format();
        Table table = new Table(2);
        table.add("registry", shownUri());
        table.add("entries", againstBound(Long.toString(size), size, maxEntries, Long::toString, format));
        table.add("weight", againstBound(format.weight(weight), weight, maxWeight, format::weight, format));
        table.add("pending evictions", Long.toString(pending));
        table.print(out());
        return 0;
    }

    @Command(name = "rm", description = "Removes a key's entry, delivering its eviction (exit 1 if absent).")
    int rm(@Parameters(paramLabel = "KEY", description = "The key.") String key) {
        checkKey(key);
        checkOptions();
        Deliveries deliveries = deliveries("rm");
        Optional<SnapshotId> removed;
        long pending;
        try (SnapshotRegistry opened = open(deliveries)) {
            removed = opened.invalidate(key);
            pending = opened.pendingEvictions();
        } finally {
            deliveries.finish();
        }
        if (json) {
            Json document = new Json().beginObject()
                    .field("key", key)
                    .field("snapshotId", removed.map(SnapshotId::value).orElse(null));
            print(deliveryFields(document, deliveries, pending).endObject());
        } else {
            removed.ifPresent(id -> out().printf("removed %s (snapshot %s)%n",
                    HumanFormat.visible(key), HumanFormat.visible(id.value())));
            printDeliveries(deliveries, pending);
        }
        return removed.isPresent() ? 0 : notFound(key);
    }

    @Command(name = "clean", description = "Removes every entry, delivering the evictions.")
    int clean() {
        checkOptions();
        Deliveries deliveries = deliveries("clean");
        long removed = 0;
        long remaining;
        long pending;
        try (SnapshotRegistry opened = open(deliveries)) {
            long existing = opened.size();
            try (Stream<RegistryEntry> entries = opened.streamEntries(RecencyOrder.LEAST_RECENT_FIRST)) {
                for (RegistryEntry entry : (Iterable<RegistryEntry>) entries.limit(existing)::iterator) {
                    if (opened.invalidate(entry.key(), entry.snapshotId())) {
                        removed++;
                    }
                }
            }
            remaining = opened.size();
            pending = opened.pendingEvictions();
        } finally {
            deliveries.finish();
        }
        if (json) {
            Json document = new Json().beginObject().field("removed", removed).field("remaining", remaining);
            print(deliveryFields(document, deliveries, pending).endObject());
        } else {
            out().printf("removed %d %s%s%n", removed, removed == 1 ? "entry" : "entries",
                    remaining == 0 ? "" : ", " + remaining + " written meanwhile remain");
            printDeliveries(deliveries, pending);
        }
        return 0;
    }

    @Command(name = "pending", description = "Lists the evictions not yet delivered, oldest first.")
    int pending() {
        checkOptions();
        long count;
        Optional<List<Eviction>> listed;
        try (SnapshotRegistry opened = inspect("pending")) {
            count = opened.pendingEvictions();
            listed = listPending(opened);
        }
        if (json) {
            Json document = new Json().beginObject().field("pendingEvictions", count).name("evictions");
            if (listed.isEmpty()) {
                document.value((String) null);
            } else {
                document.beginArray();
                listed.get().forEach(eviction -> document.beginObject()
                        .field("key", eviction.key())
                        .field("snapshotId", eviction.snapshotId().value())
                        .field("weight", eviction.weight())
                        .field("cause", eviction.cause().name())
                        .endObject());
                document.endArray();
            }
            print(document.endObject());
            return 0;
        }
        PrintWriter out = out();
        if (listed.isEmpty()) {
            out.printf("%d pending evictions (this adapter cannot list them)%n", count);
        } else if (listed.get().isEmpty()) {
            out.println("no pending evictions");
        } else {
            HumanFormat format = format();
            Table table = new Table(4).alignRight(2);
            table.add("KEY", "SNAPSHOT", "WEIGHT", "CAUSE");
            listed.get().forEach(eviction -> table.add(HumanFormat.visible(eviction.key()),
                    HumanFormat.visible(eviction.snapshotId().value()), format.weight(eviction.weight()),
                    eviction.cause().name().toLowerCase(Locale.ROOT)));
            table.print(out);
        }
        return 0;
    }

    @Command(name = "retry", description = "Delivers the pending evictions again.")
    int retry() {
        checkOptions();
        Deliveries deliveries = deliveries("retry");
        long pending;
        try (SnapshotRegistry opened = open(deliveries)) {
            opened.deliverPendingEvictions();
            pending = opened.pendingEvictions();
        } finally {
            deliveries.finish();
        }
        if (json) {
            print(deliveryFields(new Json().beginObject(), deliveries, pending).endObject());
        } else {
            printDeliveries(deliveries, pending);
        }
        return 0;
    }

    @Command(name = "doctor", description = "Checks the schema, the storage and the bounds (exit 3 on problems).")
    int doctor() {
        checkOptions();
        List<String> problems;
        long size;
        long weight;
        long pending;
        Optional<StorageSchema> schema;
        try (SnapshotRegistry opened = inspect("doctor")) {
            problems = new ArrayList<>(opened.checkStorage());
            size = opened.size();
            weight = opened.totalWeight();
            pending = opened.pendingEvictions();
            schema = opened.storageSchema();
        }
        HumanFormat format = format();
        if (maxEntries != null && size > maxEntries) {
            problems.add(size + " entries exceed --max-entries " + maxEntries);
        }
        if (maxWeight != null && weight > maxWeight) {
            problems.add("a total weight of " + weight + " exceeds --max-weight " + maxWeight);
        }
        if (json) {
            Json document = new Json().beginObject().field("registry", shownUri()).name("schema");
            if (schema.isEmpty()) {
                document.value((String) null);
            } else {
                document.beginObject()
                        .field("version", schema.get().found())
                        .field("description", schema.get().description())
                        .field("current", schema.get().current())
                        .field("upgradedByNextOpen", schema.get().upgradedByNextOpen())
                        .endObject();
            }
            document.field("entries", size)
                    .field("maxEntries", maxEntries)
                    .field("totalWeight", weight)
                    .field("maxWeight", maxWeight)
                    .field("pendingEvictions", pending)
                    .field("healthy", problems.isEmpty())
                    .name("problems").beginArray();
            problems.forEach(document::value);
            print(document.endArray().endObject());
        } else {
            Table table = new Table(2);
            table.add("registry", shownUri());
            table.add("schema", schema.map(found -> found.description() + (found.upgradedByNextOpen()
                    ? "; the library's next open upgrades it to version " + found.current()
                    : ", current")).orElse("not reported by this adapter"));
            table.add("entries", againstBound(Long.toString(size), size, maxEntries, Long::toString, format));
            table.add("weight", againstBound(format.weight(weight), weight, maxWeight, format::weight, format));
            table.add("pending", pending + (pending == 1 ? " eviction" : " evictions"));
            table.add("problems", problems.isEmpty() ? "none" : Integer.toString(problems.size()));
            PrintWriter out = out();
            table.print(out);
            problems.forEach(problem -> out.println("  " + problem));
        }
        if (problems.isEmpty()) {
            return 0;
        }
        err().printf("snapshot-registry: doctor found %d %s in %s%n",
                problems.size(), problems.size() == 1 ? "problem" : "problems", shownUri());
        return 3;
    }

    @Command(name = "reconcile", description = "Compares the registry with the snapshot store (a dry run by default).")
    int reconcile(
            @Option(names = "--store-dir", paramLabel = "DIR",
                    description = "The store is this folder: one file or folder per snapshot, named by its id.") Path storeDir,
            @Option(names = "--store-command", paramLabel = "COMMAND",
                    description = "The store is what this shell command prints: one id<TAB>epoch-seconds line per snapshot.")
                    String storeCommand,
            @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1h",
                    description = "How old an unmapped snapshot must be to be an orphan: 30m, 2h, 1d, PT1H (default 1h).")
                    String grace,
            @Option(names = "--on-orphan", paramLabel = "COMMAND",
                    description = "Deletes each orphan with this shell command, {id} or $SNAPSHOT_ID its id.") String onOrphan,
            @Option(names = "--drop-missing",
                    description = "Removes the entries whose snapshot is missing, delivered like rm.") boolean dropMissing) {
        if ((storeDir == null) == (storeCommand == null)) {
            throw usage("reconcile needs the store's content: --store-dir DIR or --store-command COMMAND (one of them)");
        }
        Duration gracePeriod = gracePeriod(grace);
        checkOptions();
        ShellCommand deleting = null;
        if (onOrphan != null) {
            try {
                deleting = new ShellCommand("--on-orphan", onOrphan, Set.of("id"));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        Deliveries deliveries = dropMissing ? deliveries("reconcile --drop-missing") : null;
        Reconciliation found;
        int deleted = 0;
        int dropped = 0;
        List<String> orphanFailures = new ArrayList<>();
        long pending;
        try (SnapshotRegistry opened = dropMissing ? open(deliveries) : inspect("reconcile");
                Stream<StoredSnapshot> store = storeDir != null
                        ? SnapshotStore.directory(storeDir) : SnapshotStore.command(storeCommand)) {
            found = opened.reconcile(store, gracePeriod);
            if (deleting != null) {
                for (SnapshotId orphan : found.orphans()) {
                    try {
                        deleting.run(Map.of("id", orphan.value()), "orphan " + HumanFormat.visible(orphan.value()));
                        deleted++;
                    } catch (IOException e) {
                        orphanFailures.add(e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted deleting orphans", e);
                    }
                }
            }
            if (dropMissing) {
                for (RegistryEntry entry : found.missing()) {
                    if (opened.invalidate(entry.key(), entry.snapshotId())) {
                        dropped++;
                    }
                }
            }
            pending = opened.pendingEvictions();
        } finally {
            if (deliveries != null) {
                deliveries.finish();
            }
        }
        boolean dryRun = deleting == null && !dropMissing;
        if (json) {
            Json document = new Json().beginObject()
                    .field("registry", shownUri())
                    .field("grace", gracePeriod.toString())
                    .field("dryRun", dryRun)
                    .name("orphans").beginArray();
            found.orphans().forEach(id -> document.value(id.value()));
            document.endArray().name("missing").beginArray();
            found.missing().forEach(entry -> entryObject(document, entry));
            document.endArray()
                    .field("orphansDeleted", deleted)
                    .field("orphansFailed", orphanFailures.size())
                    .field("firstOrphanFailure", orphanFailures.isEmpty() ? null : orphanFailures.get(0))
                    .field("missingDropped", dropped);
            if (deliveries != null) {
                deliveryFields(document, deliveries, pending);
            }
            print(document.endObject());
            return 0;
        }
        PrintWriter out = out();
        HumanFormat format = format();
        out.printf("%d %s (stored, not mapped, not pending, at least %s old)%n", found.orphans().size(),
                found.orphans().size() == 1 ? "orphan" : "orphans", grace);
        found.orphans().forEach(id -> out.println("  " + HumanFormat.visible(id.value())));
        out.printf("%d missing (mapped, not in the store)%n", found.missing().size());
        if (!found.missing().isEmpty()) {
            Table table = new Table(4).alignRight(2);
            table.add("  KEY", "SNAPSHOT", "WEIGHT", "LAST ACCESS");
            found.missing().forEach(entry -> table.add("  " + HumanFormat.visible(entry.key()),
                    HumanFormat.visible(entry.snapshotId().value()), format.weight(entry.weight()),
                    format.age(entry.lastAccess())));
            table.print(out);
        }
        if (dryRun) {
            out.println("dry run: nothing deleted or dropped (--on-orphan COMMAND deletes orphans,"
                    + " --drop-missing drops missing entries)");
            return 0;
        }
        if (deleting != null) {
            out.printf("orphans: %d deleted, %d failed%n", deleted, orphanFailures.size());
            if (!orphanFailures.isEmpty()) {
                out.println("first failure: " + orphanFailures.get(0));
            }
        }
        if (dropMissing) {
            out.printf("missing entries: %d dropped%n", dropped);
            printDeliveries(deliveries, pending);
        }
        return 0;
    }

    @Command(name = "backup", description = "Writes a consistent copy of a sqlite: registry to a new file.")
    int backup(@Parameters(paramLabel = "DEST", description = "The new file; it must not exist.") Path destination) {
        checkOptions();
        if (!isSqlite()) {
            throw usage("backup is for sqlite: registries (for PostgreSQL, use pg_dump), not " + shownUri());
        }
        Path target = destination.toAbsolutePath().normalize();
        try (SnapshotRegistry opened = inspect("backup")) {
            ((SqliteSnapshotRegistry) opened).backup(target);
        } catch (IllegalArgumentException e) {
            throw usage("DEST: " + e.getMessage());
        }
        if (json) {
            print(new Json().beginObject()
                    .field("registry", shownUri())
                    .field("destination", target.toString())
                    .endObject());
        } else {
            out().printf("backed up %s to %s%n", shownUri(), HumanFormat.visible(target.toString()));
        }
        return 0;
    }

    /** A duration as people write it: {@code 30m}, {@code 2h}, {@code 1d}, {@code 45s}, {@code 0}, or ISO-8601 {@code PT1H}. */
    private Duration gracePeriod(String text) {
        Matcher shortForm = SHORT_DURATION.matcher(text.strip());
        Duration duration;
        try {
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                duration = switch (shortForm.group(2) == null ? "s" : shortForm.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                duration = Duration.parse(text.strip());
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw usage("--grace must be a duration such as 30m, 2h, 1d or PT1H, was '" + text + "'");
        }
        if (duration.isNegative()) {
            throw usage("--grace must not be negative, was " + text);
        }
        return duration;
    }

    /** The removing subcommands' listener: the {@code --on-evict} command, or one that leaves all pending. */
    private Deliveries deliveries(String subcommand) {
        if (onEvict != null && keepPending) {
            throw usage("--on-evict and --keep-pending exclude each other");
        }
        if (onEvict != null) {
            EvictionCommand command;
            try {
                command = new EvictionCommand(onEvict);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            Progress progress = terminal ? Progress.onTerminal(err(), subcommand) : Progress.none();
            return Deliveries.through(command, progress);
        }
        if (keepPending) {
            return Deliveries.refusing("left pending by --keep-pending");
        }
        throw usage(subcommand + " removes entries: give --on-evict 'COMMAND {id}' to delete their snapshots,"
                + " or --keep-pending to leave the deletions to the service");
    }

    /**
     * Opens the registry only to look: no migration, no lock, no delivery, nothing created. An
     * adapter that cannot inspect is opened as before, with a listener that refuses every eviction.
     */
    private SnapshotRegistry inspect(String subcommand) {
        try {
            return SnapshotRegistries.inspect(registry);
        } catch (IllegalArgumentException e) {
            throw usage("--registry: " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            return open(Deliveries.refusing("left pending: " + subcommand + " does not delete snapshots"));
        }
    }

    /**
     * Opens the registry with a listener, bounded so that opening never evicts and without expiry.
     * A {@code sqlite:} file must exist: the CLI inspects registries, it does not create them.
     */
    private SnapshotRegistry open(Deliveries listener) {
        Optional<Path> file = sqliteFile();
        if (file.isPresent() && !Files.exists(file.get())) {
            throw new RegistryException("no registry at " + shownUri() + ": " + file.get().toAbsolutePath()
                    + " does not exist");
        }
        RegistryConfig config = RegistryConfig.builder()
                .maxEntries(Long.MAX_VALUE)
                .evictionListener(listener)
                .build();
        try {
            return SnapshotRegistries.open(registry, config);
        } catch (IllegalArgumentException e) {
            throw usage("--registry: " + e.getMessage());
        }
    }

    /** Checks the options every subcommand uses, before anything is opened. */
    private void checkOptions() {
        if (registry == null) {
            throw usage("--registry URI is required, such as --registry sqlite:/var/cache/registry.db");
        }
        if (maxEntries != null && maxEntries < 1) {
            throw usage("--max-entries must be at least 1, was " + maxEntries);
        }
        if (maxWeight != null && maxWeight < 1) {
            throw usage("--max-weight must be at least 1, was " + maxWeight);
        }
    }

    private void checkKey(String key) {
        try {
            RegistryArguments.checkKey(key);
        } catch (IllegalArgumentException e) {
            throw usage("KEY: " + e.getMessage());
        }
    }

    private boolean isSqlite() {
        int colon = registry.indexOf(':');
        return colon >= 0 && registry.substring(0, colon).equalsIgnoreCase(SQLITE);
    }

    /** The file of a {@code sqlite:} URI; empty for other schemes and for locations that are not paths. */
    private Optional<Path> sqliteFile() {
        if (!isSqlite() || registry.indexOf(':') == registry.length() - 1) {
            return Optional.empty();
        }
        int colon = registry.indexOf(':');
        try {
            return Optional.of(Path.of(registry.substring(colon + 1)));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The URI for output and messages: a network URI without its parameters, which may hold a password. */
    private String shownUri() {
        int colon = registry.indexOf(':');
        int query = registry.indexOf('?');
        boolean network = colon >= 0 && registry.startsWith("//", colon + 1);
        return network && query >= 0 ? registry.substring(0, query) + "?..." : registry;
    }

    private Optional<List<Eviction>> listPending(SnapshotRegistry opened) {
        try {
            return Optional.of(opened.listPendingEvictions());
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String againstBound(String shown, long value, Long bound,
            LongFunction<String> unit, HumanFormat format) {
        return bound == null
                ? shown + ", unbounded"
                : shown + " of " + unit.apply(bound) + " (" + format.percent(value, bound) + ")";
    }

    private Json deliveryFields(Json document, Deliveries deliveries, long pending) {
        return document.field("delivered", deliveries.delivered())
                .field("failed", deliveries.failed())
                .field("firstFailure", deliveries.firstFailure().orElse(null))
                .field("pendingEvictions", pending);
    }

    private void printDeliveries(Deliveries deliveries, long pending) {
        PrintWriter out = out();
        if (onEvict == null) {
            out.printf("deliveries left to the service (--keep-pending): %d pending%n", pending);
            return;
        }
        out.printf("%d delivered, %d failed, %d pending%n", deliveries.delivered(), deliveries.failed(), pending);
        deliveries.firstFailure().ifPresent(reason -> out.println("first failure: " + reason));
    }

    private int notFound(String key) {
        err().println("snapshot-registry: no entry for key '" + HumanFormat.visible(key) + "' in " + shownUri());
        return 1;
    }

    private void print(Json document) {
        out().println(document);
    }

    private HumanFormat format() {
        return new HumanFormat(clock.instant(), bytes);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The project's version, which the build writes into the tool's resources. */
    static final class Version implements picocli.CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IOException("version.properties is missing from the tool's resources");
                }
                properties.load(in);
            }
            return new String[] {"snapshot-registry " + properties.getProperty("version")};
        }
    }
}
