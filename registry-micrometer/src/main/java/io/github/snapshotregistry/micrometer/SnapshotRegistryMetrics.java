package io.github.snapshotregistry.micrometer;

import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link SnapshotRegistry} to a Micrometer {@link MeterRegistry} under Micrometer's own
 * cache metric names, so that dashboards made for Caffeine or JCache caches show it too:
 *
 * <pre>{@code
 * SnapshotRegistryMetrics.monitor(meterRegistry, registry, "vm-images");
 * }</pre>
 *
 * <table>
 *   <caption>The meters, each tagged {@code cache=<name>} and with the given tags</caption>
 *   <tr><th>name</th><th>type</th><th>reads</th></tr>
 *   <tr><td>{@code cache.gets}, tag {@code result=hit}</td><td>function counter</td><td>{@link RegistryStats#hitCount()}</td></tr>
 *   <tr><td>{@code cache.gets}, tag {@code result=miss}</td><td>function counter</td><td>{@link RegistryStats#missCount()}</td></tr>
 *   <tr><td>{@code cache.puts}</td><td>function counter</td><td>{@link RegistryStats#putCount()}</td></tr>
 *   <tr><td>{@code cache.evictions}</td><td>function counter</td><td>{@link RegistryStats#evictionCount()}</td></tr>
 *   <tr><td>{@code cache.eviction.weight}</td><td>function counter</td><td>{@link RegistryStats#evictionWeight()}</td></tr>
 *   <tr><td>{@code cache.size}</td><td>gauge</td><td>{@link SnapshotRegistry#size()}</td></tr>
 *   <tr><td>{@code cache.weight}</td><td>gauge</td><td>{@link SnapshotRegistry#totalWeight()}</td></tr>
 *   <tr><td>{@code cache.evictions.pending}</td><td>gauge</td><td>{@link SnapshotRegistry#pendingEvictions()}</td></tr>
 * </table>
 *
 * <p>The counters are this registry instance's statistics since it was opened ({@link
 * SnapshotRegistry#stats()}); the gauges read the registry each time the meter registry asks. This
 * class starts no thread and keeps no copy: every value is read from the registry when it is
 * published. As Micrometer's own binders do, the meters hold the registry weakly, and once it is
 * closed they report {@code NaN}. A storage failure while reading propagates, as the meter registry
 * handles any failing meter.
 */
public final class SnapshotRegistryMetrics implements MeterBinder {

    private final SnapshotRegistry registry;
    private final Tags tags;

    /**
     * A binder for one registry; call {@link #bindTo} to register its meters.
     *
     * @param registry the registry to read
     * @param name the value of the {@code cache} tag that tells this registry's meters apart
     * @param tags more tags for every meter
     * @throws NullPointerException if an argument is null
     */
    public SnapshotRegistryMetrics(SnapshotRegistry registry, String name, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry must not be null");
        this.tags = Tags.concat(Objects.requireNonNull(tags, "tags must not be null"),
                "cache", Objects.requireNonNull(name, "name must not be null"));
    }

    /**
     * Registers the meters of {@code registry} with {@code meterRegistry}.
     *
     * @param <R> the registry's type
     * @param meterRegistry where the meters go
     * @param registry the registry to read
     * @param name the value of the {@code cache} tag
     * @param tags more tags, as key-value pairs
     * @return {@code registry}, for use in an initializer
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code tags} has an odd number of elements
     */
    public static <R extends SnapshotRegistry> R monitor(
            MeterRegistry meterRegistry, R registry, String name, String... tags) {
        new SnapshotRegistryMetrics(registry, name, Tags.of(tags)).bindTo(meterRegistry);
        return registry;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry must not be null");
        counter(meterRegistry, "cache.gets", "the number of get and computeIfAbsent calls that found their key",
                RegistryStats::hitCount, Tags.of("result", "hit"));
        counter(meterRegistry, "cache.gets", "the number of get and computeIfAbsent calls that did not find their key",
                RegistryStats::missCount, Tags.of("result", "miss"));
        counter(meterRegistry, "cache.puts", "the number of entries stored", RegistryStats::putCount, Tags.empty());
        counter(meterRegistry, "cache.evictions", "the number of entries removed for capacity or expiry",
                RegistryStats::evictionCount, Tags.empty());
        counter(meterRegistry, "cache.eviction.weight", "the sum of the weights of the entries removed for capacity or expiry",
                RegistryStats::evictionWeight, Tags.empty());
        gauge(meterRegistry, "cache.size", "the number of entries", SnapshotRegistry::size);
        gauge(meterRegistry, "cache.weight", "the sum of the entries' weights", SnapshotRegistry::totalWeight);
        gauge(meterRegistry, "cache.evictions.pending", "removed snapshots whose eviction the listener has not accepted yet",
                SnapshotRegistry::pendingEvictions);
    }

    private void counter(MeterRegistry meterRegistry, String name, String description,
            ToLongFunction<RegistryStats> count, Tags extra) {
        FunctionCounter.builder(name, registry, whileOpen(open -> count.applyAsLong(open.stats())))
                .tags(tags.and(extra))
                .description(description)
                .register(meterRegistry);
    }

    private void gauge(MeterRegistry meterRegistry, String name, String description,
            ToLongFunction<SnapshotRegistry> value) {
        Gauge.builder(name, registry, whileOpen(value))
                .tags(tags)
                .description(description)
                .register(meterRegistry);
    }

    /** A closed registry throws {@link IllegalStateException} on every read: its meters are NaN. */
    private static ToDoubleFunction<SnapshotRegistry> whileOpen(ToLongFunction<SnapshotRegistry> read) {
        return registry -> {
            try {
                return read.applyAsLong(registry);
            } catch (IllegalStateException closed) {
                return Double.NaN;
            }
        };
    }
}
