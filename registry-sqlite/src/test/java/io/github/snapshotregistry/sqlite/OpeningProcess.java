package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A process of the concurrent-first-open test: prints {@code ready}, waits for a line on stdin,
 * opens the registry file, puts its own key and prints {@code opened}.
 *
 * <p>Arguments: file name.
 */
public final class OpeningProcess {

    private OpeningProcess() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String name = args[1];
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        stdin.readLine();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(
                file, RegistryConfig.builder().maxEntries(100).build())) {
            registry.put(name, SnapshotId.of(name));
        }
        System.out.println("opened");
        System.out.flush();
    }
}
