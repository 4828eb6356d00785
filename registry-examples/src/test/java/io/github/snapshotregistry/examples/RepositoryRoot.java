package io.github.snapshotregistry.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder, for tests that read the README and docs/. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** The parent of the module folder Maven runs the tests in, checked to hold README.md. */
    static Path path() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("README.md"))) {
            throw new IllegalStateException("no README.md in " + root + ": run the tests from registry-examples");
        }
        return root;
    }
}
