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
 * circular list from least to most recently used, the total weight, and, if asked to, how many keys
 * map each snapshot id. Every operation takes constant time except {@link #list()} and {@link
 * #clear()}.
 *
 * <p>Not thread-safe: {@link InMemorySnapshotRegistry} guards it with its lock.
 */
final class Entries {

    private final Map<String, Node> byKey = new HashMap<>();
    /** How many keys map each snapshot id, or null if ids are not counted. */
    private final Map<SnapshotId, Integer> references;
    /** The list's sentinel: its {@code next} is the least recently used node, its {@code prev} the most. */
    private final Node order = new Node(null, null, 0, 0);
    private long totalWeight;

    /**
     * Creates an empty table.
     *
     * @param countIds whether to count the keys that map each id, so that {@link #remove} can tell
     *     when an id is no longer mapped
     */
    Entries(boolean countIds) {
        references = countIds ? new HashMap<>() : null;
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

    /** Adds an entry for a key that has none, as the most recently used. */
    void add(String key, SnapshotId id, long weight, long lastAccessMillis) {
        Node node = new Node(key, id, weight, lastAccessMillis);
        byKey.put(key, node);
        if (references != null) {
            references.merge(id, 1, Integer::sum);
        }
        totalWeight += weight;
        linkLast(node);
    }

    /** Makes an entry the most recently used, accessed at the given time. */
    void touch(Node node, long lastAccessMillis) {
        node.lastAccessMillis = lastAccessMillis;
        if (order.prev != node) {
            unlink(node);
            linkLast(node);
        }
    }

    /** Gives an entry a new weight and makes it the most recently used. */
    void refresh(Node node, long weight, long lastAccessMillis) {
        totalWeight += weight - node.weight;
        node.weight = weight;
        touch(node, lastAccessMillis);
    }

    /**
     * Removes an entry.
     *
     * @return true if ids are counted and no key maps the entry's snapshot id any more
     */
    boolean remove(Node node) {
        byKey.remove(node.key);
        unlink(node);
        // A removed node that the collector has already promoted would otherwise keep its younger
        // neighbours alive, and they theirs, as promoted garbage.
        node.prev = null;
        node.next = null;
        totalWeight -= node.weight;
        return references != null
                && references.computeIfPresent(node.id, (id, count) -> count == 1 ? null : count - 1) == null;
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
        if (references != null) {
            references.clear();
        }
        order.prev = order;
        order.next = order;
        totalWeight = 0;
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
        long weight;
        long lastAccessMillis;
        private Node prev;
        private Node next;

        private Node(String key, SnapshotId id, long weight, long lastAccessMillis) {
            this.key = key;
            this.id = id;
            this.weight = weight;
            this.lastAccessMillis = lastAccessMillis;
        }
    }
}
