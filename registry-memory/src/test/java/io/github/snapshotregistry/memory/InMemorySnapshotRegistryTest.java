package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.tck.SnapshotRegistryContract;

/**
 * The contract, run against the memory adapter, with its provider found by the scheme {@code memory};
 * rules 8 and 9 do not apply (not durable, not shared).
 */
class InMemorySnapshotRegistryTest extends SnapshotRegistryContract {

    @Override
    protected SnapshotRegistry create(RegistryConfig config) {
        return new InMemorySnapshotRegistry(config);
    }

    @Override
    protected String registryUri() {
        return "memory:";
    }
}
