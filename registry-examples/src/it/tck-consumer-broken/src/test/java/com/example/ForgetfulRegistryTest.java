package com.example;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.tck.SnapshotRegistryContract;
import java.util.Optional;

class ForgetfulRegistryTest extends SnapshotRegistryContract {

    /** Removes the entry but answers as if the key had none: breaks rule 2. */
    static final class ForgetfulRegistry extends MyRegistry {
        ForgetfulRegistry(RegistryConfig config) {
            super(config);
        }

        @Override
        public Optional<SnapshotId> invalidate(String key) {
            super.invalidate(key);
            return Optional.empty();
        }
    }

    @Override
    protected SnapshotRegistry create(RegistryConfig config) {
        return new ForgetfulRegistry(config);
    }
}
