package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
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
        throw usage("a subcommand is required: ls, get, stats, rm, clean, pending, retry or doctor");
    }

    @Command(name = "ls", description = "Lists the entries, least recently used first.")
    int ls(
            @Option(names = "--hottest", description = "Most recently used first.") boolean hottest,
            @Option(names = "--limit", paramLabel = "N", description = "At most N entries.") Integer limit) {
        if (limit != null && limit < 0) {
            throw usage("--limit must not be negative, was " + limit);
        }
        checkOptions();
        List<RegistryEntry> entries;
        try (SnapshotRegistry opened = openReadOnly("ls")) {
            entries = new ArrayList<>(opened.entries());
        }
        int size = entries.size();
        if (hottest) {
            Collections.reverse(entries);
        }
        List<RegistryEntry> shown = entries.subList(0, limit == null ? size : Math.min(limit, size));
        if (json) {
            Json document = new Json().beginObject()
                    .field("size", size)
                    .field("order", hottest ? "most-recent-first" : "least-recent-first")
                    .name("entries").beginArray();
            shown.forEach(entry -> document.beginObject()
                    .field("key", entry.key())
                    .field("snapshotId", entry.snapshotId().value())
                    .field("weight", entry.weight())
                    .field("lastAccess", entry.lastAccess().toString())
                    .endObject());
            print(document.endArray().endObject());
            return 0;
        }
        PrintWriter out = out();
        if (size == 0) {
            out.println("no entries");
            return 0;
        }
        HumanFormat format = format();
        Table table = new Table(4).alignRight(2);
        table.add("KEY", "SNAPSHOT", "WEIGHT", "LAST ACCESS");
        shown.forEach(entry -> table.add(HumanFormat.visible(entry.key()), HumanFormat.visible(entry.snapshotId().value()),
                format.weight(entry.weight()), format.age(entry.lastAccess())));
        table.print(out);
        if (shown.size() < size) {
            out.printf("%d of %d entries, %s first%n", shown.size(), size, hottest ? "most recently used" : "least recently used");
        }
        return 0;
    }

    @Command(name = "get", description = "Prints the snapshot id a key maps to (exit 1 if absent).")
    int get(@Parameters(paramLabel = "KEY", description = "The key.") String key) {
        checkKey(key);
        checkOptions();
        Optional<SnapshotId> found;
        try (SnapshotRegistry opened = openReadOnly("get")) {
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
        try (SnapshotRegistry opened = openReadOnly("stats")) {
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
        long removed;
        long pending;
        try (SnapshotRegistry opened = open(deliveries)) {
            removed = opened.size();
            opened.invalidateAll();
            pending = opened.pendingEvictions();
        } finally {
            deliveries.finish();
        }
        if (json) {
            print(deliveryFields(new Json().beginObject().field("removed", removed), deliveries, pending).endObject());
        } else {
            out().printf("removed %d %s%n", removed, removed == 1 ? "entry" : "entries");
            printDeliveries(deliveries, pending);
        }
        return 0;
    }

    @Command(name = "pending", description = "Lists the evictions not yet delivered, oldest first.")
    int pending() {
        checkOptions();
        long count;
        Optional<List<Eviction>> listed;
        try (SnapshotRegistry opened = openReadOnly("pending")) {
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
        Optional<SchemaHistory> schema;
        try (SnapshotRegistry opened = openReadOnly("doctor")) {
            problems = new ArrayList<>(opened.checkStorage());
            size = opened.size();
            weight = opened.totalWeight();
            pending = opened.pendingEvictions();
            schema = sqliteFile().flatMap(SchemaHistory::ofSqlite);
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
                        .field("version", schema.get().version())
                        .field("description", schema.get().description())
                        .field("baseline", schema.get().baseline().orElse(null))
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
            table.add("schema", schema.map(history -> "version " + history.version() + " (" + history.description() + ")"
                    + history.baseline().map(baseline -> ", from a baseline: " + baseline).orElse(""))
                    .orElse(sqliteFile().isPresent() ? "no schema history" : "not reported by this adapter"));
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

    private SnapshotRegistry openReadOnly(String subcommand) {
        return open(Deliveries.refusing("left pending: " + subcommand + " does not delete snapshots"));
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

    /** The file of a {@code sqlite:} URI; empty for other schemes and for locations that are not paths. */
    private Optional<Path> sqliteFile() {
        int colon = registry.indexOf(':');
        if (colon < 0 || !registry.substring(0, colon).equalsIgnoreCase(SQLITE) || colon == registry.length() - 1) {
            return Optional.empty();
        }
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
