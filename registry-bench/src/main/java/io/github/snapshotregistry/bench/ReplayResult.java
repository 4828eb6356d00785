package io.github.snapshotregistry.bench;

import java.util.Locale;

/**
 * One replay of a trace through one implementation.
 *
 * @param listener the adapter's eviction listener ({@code counting} or {@code noop}), or {@code
 *     none} for a baseline
 * @param run the run's number from 1, or {@code "median"} for the run of median speed
 */
record ReplayResult(
        String impl, String listener, int capacity, int threads, String run,
        long requests, long hits, long evictions, double seconds) {

    long misses() {
        return requests - hits;
    }

    double opsPerSec() {
        return requests / seconds;
    }

    ReplayResult asRun(String newRun) {
        return new ReplayResult(impl, listener, capacity, threads, newRun, requests, hits, evictions, seconds);
    }

    String toJson() {
        String runValue = run.chars().allMatch(Character::isDigit) ? run : '"' + run + '"';
        return String.format(Locale.ROOT,
                "{\"impl\":\"%s\",\"listener\":\"%s\",\"capacity\":%d,\"threads\":%d,\"run\":%s,\"requests\":%d,\"hits\":%d,"
                        + "\"misses\":%d,\"evictions\":%d,\"seconds\":%.6f,\"opsPerSec\":%.1f}",
                impl, listener, capacity, threads, runValue, requests, hits, misses(), evictions, seconds, opsPerSec());
    }
}
