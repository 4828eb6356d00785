package com.example;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.tck.SnapshotRegistryContract;

class MyRegistryTest extends SnapshotRegistryContract {
    @Override
    protected SnapshotRegistry create(RegistryConfig config) {
        return new MyRegistry(config);
    }
}
