package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.SnapshotId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The listener of one CLI invocation: hands each eviction to the {@code --on-evict} command and
 * counts what it accepted and what failed, or refuses every eviction so that it stays pending
 * (read-only subcommands, {@code --keep-pending}).
 *
 * <p>Each snapshot gets one attempt per invocation: an eviction offered again after its command
 * failed (opening delivers pending evictions, then {@code retry} offers the rest again) is refused
 * with the first failure instead of running the command a second time. Used by one thread.
 */
final class Deliveries implements EvictionListener {

    private final EvictionListener command;
    private final String refusal;
    private final Progress progress;
    private final Map<SnapshotId, String> failed = new HashMap<>();
    private int delivered;
    private String firstFailure;

    private Deliveries(EvictionListener command, String refusal, Progress progress) {
        this.command = command;
        this.refusal = refusal;
        this.progress = progress;
    }

    /** Delivers every eviction through a command, showing how it goes. */
    static Deliveries through(EvictionListener command, Progress progress) {
        return new Deliveries(command, null, progress);
    }

    /** Leaves every eviction pending, refusing it with a reason. */
    static Deliveries refusing(String reason) {
        return new Deliveries(null, reason, Progress.none());
    }

    @Override
    public void onEviction(Eviction eviction) throws Exception {
        if (command == null) {
            throw new Exception(refusal);
        }
        String earlier = failed.get(eviction.snapshotId());
        if (earlier != null) {
            throw new Exception(earlier);
        }
        try {
            command.onEviction(eviction);
        } catch (Exception e) {
            String reason = String.valueOf(e.getMessage());
            failed.put(eviction.snapshotId(), reason);
            if (firstFailure == null) {
                firstFailure = reason;
            }
            progress.update(delivered, failed.size());
            throw e;
        }
        delivered++;
        progress.update(delivered, failed.size());
    }

    /** Evictions the command accepted: their snapshots are gone and they are no longer pending. */
    int delivered() {
        return delivered;
    }

    /** Snapshots whose command failed in this invocation: their evictions stay pending. */
    int failed() {
        return failed.size();
    }

    /** Why the first command failed, if one did. */
    Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure);
    }

    /** Ends the progress line, if one was shown. */
    void finish() {
        progress.finish(delivered, failed.size());
    }
}
