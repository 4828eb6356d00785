package io.github.snapshotregistry.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact LRU reference: a {@code LinkedHashMap} in access order that drops its eldest entry
 * past the capacity, behind {@link Collections#synchronizedMap}.
 */
final class LinkedHashMapLru implements ReplayTarget {

    private final AccessOrderMap map;
    private final Map<String, String> synchronizedMap;

    LinkedHashMapLru(int capacity) {
        map = new AccessOrderMap(capacity);
        synchronizedMap = Collections.synchronizedMap(map);
    }

    @Override
    public boolean request(String key) {
        if (synchronizedMap.get(key) != null) {
            return true;
        }
        synchronizedMap.put(key, "snap-" + key);
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

    private static final class AccessOrderMap extends LinkedHashMap<String, String> {

        private static final long serialVersionUID = 1L;

        private final int capacity;
        private long evictions;

        AccessOrderMap(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            if (size() > capacity) {
                evictions++;
                return true;
            }
            return false;
        }
    }
}
