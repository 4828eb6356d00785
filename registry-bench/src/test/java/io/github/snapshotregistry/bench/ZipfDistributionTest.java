package io.github.snapshotregistry.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipfDistributionTest {

    @Test
    void theSameSeedDrawsTheSameRanks() {
        ZipfDistribution zipf = new ZipfDistribution(1000, 0.99);

        assertArrayEquals(draw(zipf, 7, 500), draw(zipf, 7, 500));
        assertFalse(Arrays.equals(draw(zipf, 7, 500), draw(zipf, 8, 500)));
    }

    @Test
    void ranksStayInRangeAndTheFirstIsTheMostPopular() {
        int[] counts = new int[100];
        for (int rank : draw(new ZipfDistribution(100, 1.0), 1, 100_000)) {
            counts[rank]++;
        }

        int mostPopular = 0;
        for (int rank = 1; rank < counts.length; rank++) {
            if (counts[rank] > counts[mostPopular]) {
                mostPopular = rank;
            }
        }
        assertEquals(0, mostPopular);
        // Zipf(1) over 100 ranks: rank 0 has probability 1 / H(100) = 0.193.
        assertEquals(0.193, counts[0] / 100_000.0, 0.01);
        assertTrue(counts[0] > 10 * counts[99]);
    }

    @Test
    void exponentZeroIsUniform() {
        int[] counts = new int[4];
        for (int rank : draw(new ZipfDistribution(4, 0), 3, 40_000)) {
            counts[rank]++;
        }

        for (int count : counts) {
            assertEquals(10_000, count, 500);
        }
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ZipfDistribution(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ZipfDistribution(10, -1));
        assertThrows(IllegalArgumentException.class, () -> new ZipfDistribution(10, Double.NaN));
    }

    @Test
    void theGeneratorWritesTheSameTraceForTheSameArguments(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first.txt");
        Path second = dir.resolve("second.txt");

        TraceGenerator.main(new String[] {first.toString(), "1000", "50", "0.9", "11"});
        TraceGenerator.main(new String[] {second.toString(), "1000", "50", "0.9", "11"});

        List<String> lines = Files.readAllLines(first);
        assertEquals(1000, lines.size());
        assertTrue(lines.stream().allMatch(line -> line.matches("key-([0-9]|[1-4][0-9])")), "keys key-0 .. key-49");
        assertEquals(lines, Files.readAllLines(second));
    }

    private static int[] draw(ZipfDistribution zipf, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ranks = new int[count];
        for (int i = 0; i < count; i++) {
            ranks[i] = zipf.sample(random);
        }
        return ranks;
    }
}
