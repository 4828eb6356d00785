package io.github.snapshotregistry;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a registry by URI, with whichever adapter on the classpath serves the URI's scheme: {@code
 * memory:}, {@code sqlite:/var/cache/registry.db}, {@code sqlite:relative/path.db}, {@code
 * postgresql://host/db?registry=name}. Adapters are found with {@link ServiceLoader} as {@link
 * SnapshotRegistryProvider}s, so the adapter a user depends on decides which schemes work.
 */
public final class SnapshotRegistries {

    private static final Pattern URI = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);

    private SnapshotRegistries() {}

    /**
     * Opens the registry a URI names.
     *
     * @param uri {@code scheme:location}; the scheme is matched ignoring case
     * @param config the registry's configuration
     * @return the open registry, owned by the caller, who closes it
     * @throws NullPointerException if {@code uri} or {@code config} is null
     * @throws IllegalArgumentException if the URI has no scheme, no adapter on the classpath serves
     *     its scheme (the message lists those that do), or its adapter finds the location malformed
     * @throws RegistryException if the storage cannot be opened
     */
    public static SnapshotRegistry open(String uri, RegistryConfig config) {
        Objects.requireNonNull(uri, "uri must not be null");
        Objects.requireNonNull(config, "config must not be null");
        Matcher matcher = parse(uri);
        return provider(matcher).open(matcher.group(2), config);
    }

    /**
     * Opens the store a URI names for inspection only (see {@link
     * SnapshotRegistryProvider#inspect}): no migration, no write lock, no delivery, no file
     * created; the result's writing methods throw {@link UnsupportedOperationException}.
     *
     * @param uri {@code scheme:location}; the scheme is matched ignoring case
     * @return the read-only registry, owned by the caller, who closes it
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if the URI has no scheme, no adapter on the classpath serves
     *     its scheme (the message lists those that do), or its adapter finds the location malformed
     * @throws RegistryException if there is no store at the location or it cannot be read
     * @throws UnsupportedOperationException if the scheme's adapter cannot inspect
     */
    public static SnapshotRegistry inspect(String uri) {
        Objects.requireNonNull(uri, "uri must not be null");
        Matcher matcher = parse(uri);
        return provider(matcher).inspect(matcher.group(2));
    }

    private static Matcher parse(String uri) {
        Matcher matcher = URI.matcher(uri);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("registry URI '" + uri
                    + "' has no scheme: expected scheme:location, such as sqlite:/var/cache/registry.db");
        }
        return matcher;
    }

    private static SnapshotRegistryProvider provider(Matcher uri) {
        String scheme = uri.group(1).toLowerCase(Locale.ROOT);
        Map<String, SnapshotRegistryProvider> providers = providers();
        SnapshotRegistryProvider provider = providers.get(scheme);
        if (provider == null) {
            throw new IllegalArgumentException("no registry adapter for scheme '" + scheme
                    + "' on the classpath (schemes found: " + String.join(", ", providers.keySet()) + ")");
        }
        return provider;
    }

    /**
     * The schemes that the adapters on the classpath serve.
     *
     * @return the schemes, sorted
     */
    public static Set<String> schemes() {
        return providers().keySet();
    }

    private static Map<String, SnapshotRegistryProvider> providers() {
        Map<String, SnapshotRegistryProvider> providers = new TreeMap<>();
        for (SnapshotRegistryProvider provider : ServiceLoader.load(SnapshotRegistryProvider.class)) {
            providers.putIfAbsent(provider.scheme().toLowerCase(Locale.ROOT), provider);
        }
        return providers;
    }
}
