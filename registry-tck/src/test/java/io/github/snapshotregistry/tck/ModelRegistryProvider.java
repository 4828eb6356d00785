package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.SnapshotRegistryProvider;
import io.github.snapshotregistry.tck.ModelRegistry.Flaw;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code model:} scheme: {@code model:FLAW/name} opens the model registry stored under that
 * location, with that flaw, so that the kit's provider checks run against the self-test's adapters.
 */
public final class ModelRegistryProvider implements SnapshotRegistryProvider {

    private static final Map<String, ModelRegistry.Storage> STORES = new ConcurrentHashMap<>();

    /** A location of fresh storage for a registry with {@code flaw}. */
    static String location(Flaw flaw, String name) {
        return flaw + "/" + name;
    }

    @Override
    public String scheme() {
        return "model";
    }

    @Override
    public SnapshotRegistry open(String location, RegistryConfig config) {
        Flaw flaw = flawOf(location);
        return ModelRegistry.create(STORES.computeIfAbsent(location, l -> new ModelRegistry.Storage(config, flaw)),
                config, flaw);
    }

    @Override
    public SnapshotRegistry inspect(String location) {
        Flaw flaw = flawOf(location);
        ModelRegistry.Storage storage = STORES.get(location);
        if (storage == null) {
            throw new RegistryException("no model registry at " + location);
        }
        return ModelRegistry.inspect(flaw == Flaw.INSPECTS_AN_EMPTY_STORE ? storage.emptied() : storage, flaw);
    }

    private static Flaw flawOf(String location) {
        return Flaw.valueOf(location.substring(0, location.indexOf('/')));
    }
}
