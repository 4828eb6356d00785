package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.tck.ModelRegistry.Flaw;
import java.util.UUID;

/**
 * The contract run against {@link ModelRegistry}: durable, shared and found by its provider with a
 * chosen {@link Flaw} (or none), and correct but neither durable, shared nor found by URI. Surefire does not run these classes itself (their
 * names do not end in Test); {@link SnapshotRegistryContractSelfTest} launches them and checks what failed.
 */
final class ModelRegistryContracts {

    private ModelRegistryContracts() {}

    /**
     * The contract against a durable, shared model registry, with a provider, with the flaw that the self-test chose
     * before launching it (launches run one at a time, on the launching thread).
     */
    static final class WithFlaw extends SnapshotRegistryContract {
        static volatile Flaw chosen = Flaw.NONE;

        private final Flaw flaw = chosen;
        private ModelRegistry.Storage storage;

        @Override
        protected SnapshotRegistry create(RegistryConfig config) {
            storage = new ModelRegistry.Storage(config, flaw);
            return ModelRegistry.create(storage, config, flaw);
        }

        @Override
        protected SnapshotRegistry reopen(RegistryConfig config) {
            return ModelRegistry.reopen(storage, config, flaw);
        }

        @Override
        protected SnapshotRegistry openShared(RegistryConfig config) {
            ModelRegistry.Storage shared = flaw == Flaw.DOES_NOT_SHARE ? new ModelRegistry.Storage(config, flaw) : storage;
            return ModelRegistry.create(shared, config, flaw);
        }

        @Override
        protected String registryUri() {
            String scheme = flaw == Flaw.REGISTRY_URI_OF_ANOTHER_SCHEME ? "model-registry:" : "model:";
            return scheme + ModelRegistryProvider.location(flaw, UUID.randomUUID().toString());
        }
    }

    /** The contract against a correct registry that opts out of rules 8 and 9 and of the provider checks. */
    static final class InMemoryOnly extends SnapshotRegistryContract {
        @Override
        protected SnapshotRegistry create(RegistryConfig config) {
            return ModelRegistry.create(new ModelRegistry.Storage(config, Flaw.NONE), config, Flaw.NONE);
        }
    }
}
