package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --on-evict} listener: runs the operator's shell command once per eviction, with the
 * placeholders {@code {id}}, {@code {key}}, {@code {cause}} and {@code {weight}} (and the variables
 * {@code SNAPSHOT_ID}, {@code SNAPSHOT_KEY}, {@code SNAPSHOT_CAUSE}, {@code SNAPSHOT_WEIGHT}) bound to
 * the eviction's values as {@link ShellCommand} passes them: out of band, never as shell syntax.
 * Exit status 0 accepts the eviction; any other status, a command that cannot be started, or an id
 * that no command can receive throws, leaving the eviction pending.
 */
final class EvictionCommand implements EvictionListener {

    private final ShellCommand command;

    /**
     * @throws IllegalArgumentException if the template cannot be run (see {@link ShellCommand})
     */
    EvictionCommand(String template) {
        command = new ShellCommand("--on-evict", template, Set.of("id", "key", "cause", "weight"));
    }

    @Override
    public void onEviction(Eviction eviction) throws IOException, InterruptedException {
        command.run(Map.of(
                "id", eviction.snapshotId().value(),
                "key", eviction.key(),
                "cause", eviction.cause().name(),
                "weight", Long.toString(eviction.weight())),
                "snapshot " + HumanFormat.visible(eviction.snapshotId().value()));
    }
}
