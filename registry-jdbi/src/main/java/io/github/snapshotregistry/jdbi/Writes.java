package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.jdbi.WriteSteps.Outcome;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs an adapter's write operations: in one transaction of the adapter, it acknowledges the
 * evictions the listener accepted, runs the operation's {@link WriteSteps} and commits them; after
 * the commit, and before the next write of the instance begins, it hands the removals to {@link
 * Delivery}, which the adapter then delivers.
 *
 * <p>Internal: not API, may change in any release.
 */
public final class Writes {

    /** How an adapter runs one write transaction, holding whatever lock keeps its counters row exact. */
    public interface Transactions {

        /**
         * Runs {@code body} in one write transaction and commits it; then, before another write of
         * this instance begins, hands the result to {@code committed}.
         *
         * @param operation the registry operation, named by failures
         * @param body the work inside the transaction
         * @param committed what runs once the transaction committed
         * @param <T> the result
         * @return the body's result
         */
        <T> T write(String operation, Supplier<T> body, Consumer<T> committed);
    }

    private final Transactions transactions;
    private final WriteDialect dialect;
    private final RegistryConfig config;
    private final Expiry expiry;
    private final Delivery delivery;

    /**
     * Runs the writes of one registry instance.
     *
     * @param transactions the adapter's write transactions
     * @param dialect the adapter's statements, on the write transaction's connection
     * @param config the registry's bounds and clock
     * @param expiry the registry's expiry rule
     * @param delivery the registry's delivery
     */
    public Writes(Transactions transactions, WriteDialect dialect, RegistryConfig config, Expiry expiry,
            Delivery delivery) {
        this.transactions = transactions;
        this.dialect = dialect;
        this.config = config;
        this.expiry = expiry;
        this.delivery = delivery;
    }

    /**
     * Runs one write operation's steps in one write transaction.
     *
     * @param operation the registry operation, named by failures
     * @param body the steps; its answer is the outcome's value
     * @param <T> the operation's answer
     * @return the committed outcome, whose removals are claimed for the caller to deliver
     */
    public <T> Outcome<T> write(String operation, Function<WriteSteps, T> body) {
        return transactions.write(operation, () -> {
            WriteSteps steps = new WriteSteps(dialect, config, expiry);
            delivery.acknowledge(steps);
            return steps.commit(operation, body.apply(steps));
        }, outcome -> delivery.committed(outcome.removals()));
    }

    /**
     * Deletes the evictions the listener accepted, if any, in a write of their own.
     *
     * @param operation the registry operation, named by failures
     */
    public void acknowledgeAccepted(String operation) {
        if (delivery.hasAccepted()) {
            write(operation, steps -> null);
        }
    }
}
