package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.SnapshotId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Single flight for {@code computeIfAbsent} (rule 7): one thread at a time creates a key's snapshot
 * in one registry instance; threads that ask for the key meanwhile wait and share the creator's id
 * or the very exception it threw. A creator that asks for its own key gets an {@link
 * IllegalStateException} naming the key instead of waiting for itself forever.
 *
 * <p>Internal: not API, may change in any release.
 */
public final class SingleFlight {

    private final ConcurrentMap<String, Flight> flying = new ConcurrentHashMap<>();

    /** No creation under way. */
    public SingleFlight() {
    }

    /** A creation under way: the thread that runs it and the outcome it will share. */
    private record Flight(Thread creator, CompletableFuture<SnapshotId> outcome) {}

    /**
     * What a creating thread made.
     *
     * @param id the id the key now maps, shared with the waiting threads
     * @param then what the creating thread does next, after the waiting threads have the id (such
     *     as delivering the removals its store made)
     */
    public record Created(SnapshotId id, Runnable then) {}

    /**
     * {@code computeIfAbsent} (rule 7), as every adapter runs it: reads the key as an access; on a
     * miss, becomes the key's one creator in this instance (or waits for the one under way), reads
     * the key again (another creator may have stored it just before), and only then calls {@code
     * creator} and stores its id. Counts a hit, or a miss (the put is counted by {@code store}).
     *
     * @param key the key, checked already
     * @param creator the caller's creator, checked non-null already
     * @param statistics where the hit or miss is counted
     * @param access reads a key as an access, as {@code get} does (removing an expired entry)
     * @param store stores a created id as a {@code put} does (weighing it) and answers what the
     *     creating thread does once the waiting callers have the id (deliver the store's removals)
     * @return the key's id, found or created
     * @throws NullPointerException if {@code creator} returns null, naming the key
     * @throws IllegalStateException if {@code creator} calls {@code computeIfAbsent} for its own key
     */
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator, Statistics statistics,
            Function<String, Optional<SnapshotId>> access, BiFunction<String, SnapshotId, Runnable> store) {
        Optional<SnapshotId> present = access.apply(key);
        statistics.lookup(present.isPresent());
        if (present.isPresent()) {
            return present.get();
        }
        return fly(key, () -> {
            Optional<SnapshotId> storedMeanwhile = access.apply(key);
            if (storedMeanwhile.isPresent()) {
                return new Created(storedMeanwhile.get(), () -> { });
            }
            SnapshotId id = creator.apply(key);
            if (id == null) {
                throw new NullPointerException("creator returned null for key " + key);
            }
            return new Created(id, store.apply(key, id));
        });
    }

    /**
     * Runs {@code create} for a key, unless another thread is creating the key's snapshot: then
     * waits, uninterruptibly, for that thread's outcome.
     *
     * @param key the key whose snapshot is created
     * @param create creates and stores the snapshot; what it throws reaches the waiting threads too
     * @return the created or shared id
     * @throws RuntimeException or {@link Error}: what {@code create} threw, in this thread or in
     *     the creating thread this one waited for
     * @throws IllegalStateException if the calling thread is creating the key's snapshot already:
     *     its creator asked for its own key, and would wait for itself forever
     */
    public SnapshotId fly(String key, Supplier<Created> create) {
        Flight mine = new Flight(Thread.currentThread(), new CompletableFuture<>());
        Flight theirs = flying.putIfAbsent(key, mine);
        if (theirs != null) {
            if (theirs.creator() == mine.creator()) {
                throw new IllegalStateException("the creator for key " + key + " called computeIfAbsent for that key");
            }
            return await(theirs.outcome());
        }
        Created created;
        try {
            created = create.get();
            mine.outcome().complete(created.id());
        } catch (RuntimeException | Error e) {
            mine.outcome().completeExceptionally(e);
            throw e;
        } finally {
            flying.remove(key, mine);
        }
        created.then().run();
        return created.id();
    }

    private static SnapshotId await(CompletableFuture<SnapshotId> flight) {
        try {
            return flight.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) cause;
        }
    }
}
