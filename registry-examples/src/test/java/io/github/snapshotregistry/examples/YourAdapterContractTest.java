package io.github.snapshotregistry.examples;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.memory.InMemorySnapshotRegistry;
import io.github.snapshotregistry.tck.SnapshotRegistryContract;

/**
 * The README's "Writing your own adapter" (the tagged region; ReadmeSnippetsTest checks the README
 * shows it), compiled and run so that it cannot rot: the whole TCK wired to an adapter in one
 * method. The in-memory adapter stands in for yours.
 */
// tag::adapter[]
class YourAdapterContractTest extends SnapshotRegistryContract {
    @Override
    protected SnapshotRegistry create(RegistryConfig config) {
        return new InMemorySnapshotRegistry(config);   // yours: fresh, empty storage each time
    }
    // Durable storage: also override reopen(config) to open the last registry's storage again.
    // Storage two registries can open at once: also override openShared(config).
}
// end::adapter[]
