package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;

/** A {@link SnapshotRegistry} under replay: {@code get}, then {@code put} on a miss. */
final class RegistryTarget implements ReplayTarget {

    private final SnapshotRegistry registry;
    private final Runnable discard;

    /** @param discard what frees the registry's storage once it is closed */
    RegistryTarget(SnapshotRegistry registry, Runnable discard) {
        this.registry = registry;
        this.discard = discard;
    }

    @Override
    public boolean request(String key) {
        if (registry.get(key).isPresent()) {
            return true;
        }
        registry.put(key, SnapshotId.of("snap-" + key));
        return false;
    }

    @Override
    public long evictions() {
        return registry.stats().evictionCount();
    }

    @Override
    public void close() {
        registry.close();
        discard.run();
    }
}
