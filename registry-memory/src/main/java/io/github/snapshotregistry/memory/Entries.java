package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of a registry in recency order: a hash map from key to node, the nodes linked in a
 * circular list from least to most recently used, the total weight, and, if asked to, each snapshot
 * id's {@link IdState}, which its entries point to. Every operation takes constant time except
 * {@link #list()} and {@link #clear()}.
 *
 * <p>Not thread-safe: {@link InMemorySnapshotRegistry} guards it with its lock.
 */
final class Entries {

    private final Map<String, Node> byKey = new HashMap<>();
    /** Each snapshot id in use ({@link IdState#inUse()}), or null if ids are not tracked. */
    private final Map<SnapshotId, IdState> ids;
    /** The list's sentinel: its {@code next} is the least recently used node, its {@code prev} the most. */
    private final Node order = new Node(null, null, 0, 0, null);
    private long totalWeight;

    /**
     * Creates an empty table.
     *
     * @param trackIds whether to keep each id's {@link IdState}, so that the registry can tell when
     *     an id is no longer mapped
     */
    Entries(boolean trackIds) {
        ids = trackIds ? new HashMap<>() : null;
        order.prev = order;
        order.next = order;
    }

    /**
     * Finds a key's entry.
     *
     * @return the node, or null if the key is absent
     */
    Node find(String key) {
        return byKey.get(key);
    }

    /**
     * The least recently used entry.
     *
     * @return the node, or null if there are no entries
     */
    Node leastRecent() {
        return order.next == order ? null : order.next;
    }

    /**
     * The state of an id, made if it has none.
     *
     * @return the state, or null if ids are not tracked
     */
    IdState state(SnapshotId id) {
        return ids == null ? null : ids.computeIfAbsent(id, IdState::new);
    }

    /** Forgets an id's state if it is no longer in use. */
    void retire(IdState state) {
        if (!state.inUse()) {
            ids.remove(state.id, state);
        }
    }

    /**
     * Adds an entry as the most recently used, in place of the key's entry if it has one.
     *
     * @param state the id's state from {@link #state}, or null if ids are not tracked
     * @return the entry replaced, no longer in the table (see {@link Node#idUnmapped()}), or null
     */
    Node add(String key, SnapshotId id, long weight, long lastAccessMillis, IdState state) {
        Node node = new Node(key, id, weight, lastAccessMillis, state);
        Node old = byKey.put(key, node);
        if (state != null) {
            state.keys++;
        }
        totalWeight += weight;
        linkLast(node);
        if (old != null) {
            detach(old);
        }
        return old;
    }

    /** Makes an entry the most recently used, accessed at the given time. */
    void touch(Node node, long lastAccessMillis) {
        node.lastAccessMillis = lastAccessMillis;
        if (order.prev != node) {
            unlink(node);
            linkLast(node);
        }
    }

    /** Removes an entry (see {@link Node#idUnmapped()}). */
    void remove(Node node) {
        byKey.remove(node.key);
        detach(node);
    }

    long size() {
        return byKey.size();
    }

    long totalWeight() {
        return totalWeight;
    }

    /** The entries, least recently used first. */
    List<RegistryEntry> list() {
        List<RegistryEntry> list = new ArrayList<>(byKey.size());
        for (Node node = order.next; node != order; node = node.next) {
            list.add(new RegistryEntry(node.key, node.id, node.weight, Instant.ofEpochMilli(node.lastAccessMillis)));
        }
        return list;
    }

    /** Forgets every entry without reporting any. */
    void clear() {
        byKey.clear();
        if (ids != null) {
            ids.clear();
        }
        order.prev = order;
        order.next = order;
        totalWeight = 0;
    }

    /** Takes a node that no key maps any more out of the list, the weight and its id's count. */
    private void detach(Node node) {
        unlink(node);
        // A removed node that the collector has already promoted would otherwise keep its younger
        // neighbours alive, and they theirs, as promoted garbage.
        node.prev = null;
        node.next = null;
        totalWeight -= node.weight;
        if (node.state != null) {
            node.state.keys--;
        }
    }

    private void linkLast(Node node) {
        node.prev = order.prev;
        node.next = order;
        order.prev.next = node;
        order.prev = node;
    }

    private static void unlink(Node node) {
        node.prev.next = node.next;
        node.next.prev = node.prev;
    }

    /** One entry, linked into the recency list. */
    static final class Node {

        final String key;
        final SnapshotId id;
        /** The id's state, or null if ids are not tracked. */
        final IdState state;
        long weight;
        long lastAccessMillis;
        private Node prev;
        private Node next;

        private Node(String key, SnapshotId id, long weight, long lastAccessMillis, IdState state) {
            this.key = key;
            this.id = id;
            this.state = state;
            this.weight = weight;
            this.lastAccessMillis = lastAccessMillis;
        }

        /** Whether ids are tracked and, this entry removed, no key maps its id any more. */
        boolean idUnmapped() {
            return state != null && state.keys == 0;
        }
    }
}
