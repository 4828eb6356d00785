package io.github.snapshotregistry.bench;

import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact LRU reference: a {@code LinkedHashMap} in access order that drops its eldest entry
 * past the capacity, behind {@link Collections#synchronizedMap}. Stamped, it also reads the system
 * clock on every access and keeps the time with the entry, as the registry's contract requires of
 * an adapter (each entry's last access): the floor of an exact LRU that honours that contract.
 */
final class LinkedHashMapLru implements ReplayTarget {

    private final AccessOrderMap map;
    private final Map<String, Object> synchronizedMap;
    /** The clock of a stamped map, or null. */
    private final InstantSource clock;

    LinkedHashMapLru(int capacity, boolean stamped) {
        map = new AccessOrderMap(capacity);
        synchronizedMap = Collections.synchronizedMap(map);
        clock = stamped ? InstantSource.system() : null;
    }

    @Override
    public boolean request(String key) {
        if (clock != null) {
            return stampedRequest(key);
        }
        if (synchronizedMap.get(key) != null) {
            return true;
        }
        synchronizedMap.put(key, "snap-" + key);
        return false;
    }

    private boolean stampedRequest(String key) {
        synchronized (synchronizedMap) {
            Stamped value = (Stamped) map.get(key);
            if (value != null) {
                value.lastAccessMillis = clock.millis();
                return true;
            }
        }
        String id = "snap-" + key;
        synchronized (synchronizedMap) {
            map.put(key, new Stamped(id, clock.millis()));
        }
        return false;
    }

    @Override
    public long evictions() {
        synchronized (synchronizedMap) {
            return map.evictions;
        }
    }

    @Override
    public void close() {
        synchronizedMap.clear();
    }

    /** A stamped map's value: the id and the time of the entry's last access. */
    private static final class Stamped {

        final String id;
        long lastAccessMillis;

        Stamped(String id, long lastAccessMillis) {
            this.id = id;
            this.lastAccessMillis = lastAccessMillis;
        }
    }

    private static final class AccessOrderMap extends LinkedHashMap<String, Object> {

        private static final long serialVersionUID = 1L;

        private final int capacity;
        private long evictions;

        AccessOrderMap(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            if (size() > capacity) {
                evictions++;
                return true;
            }
            return false;
        }
    }
}
