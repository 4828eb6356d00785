package io.github.snapshotregistry.examples;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.memory.InMemorySnapshotRegistry;
import io.github.snapshotregistry.tck.SnapshotRegistryContract;

/**
 * The README's "Writing your own adapter", compiled and run so that it cannot rot: the whole TCK
 * wired to an adapter in one method. The in-memory adapter stands in for yours; a durable adapter
 * also overrides {@code reopen}, and one whose storage two registries can open at once {@code
 * openShared}.
 */
class YourAdapterContractTest extends SnapshotRegistryContract {

    @Override
    protected SnapshotRegistry create(RegistryConfig config) {
        return new InMemorySnapshotRegistry(config);
    }
}
