package io.github.snapshotregistry.bench;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Zipf(s) over ranks {@code 0 .. n-1}: rank {@code r} is drawn with probability proportional to
 * {@code 1 / (r + 1)^s}. Sampling inverts the cumulative distribution by binary search, so the
 * same random sequence always yields the same ranks.
 */
final class ZipfDistribution {

    private final double[] cumulative;

    ZipfDistribution(int n, double s) {
        if (n < 1) {
            throw new IllegalArgumentException("number of keys must be at least 1, was " + n);
        }
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("Zipf exponent must be a finite number >= 0, was " + s);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1 / Math.pow(rank + 1, s);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
    }

    int sample(RandomGenerator random) {
        int found = Arrays.binarySearch(cumulative, random.nextDouble());
        int rank = found >= 0 ? found : -found - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
