package io.github.snapshotregistry.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a reproducible request trace for {@link Replay}: keys drawn from Zipf(s) over a number
 * of keys, one key per line. The same arguments always write the same file.
 *
 * <p>Usage: {@code TraceGenerator <out-file> <requests> <keys> <s> <seed>}, e.g. {@code
 * TraceGenerator trace.txt 200000 100000 0.99 42}. Key {@code key-0} is the most popular.
 */
public final class TraceGenerator {

    private TraceGenerator() {}

    /**
     * Writes the trace described by the arguments.
     *
     * @param args {@code <out-file> <requests> <keys> <s> <seed>}
     * @throws IllegalArgumentException if the arguments are missing or malformed
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void main(String[] args) {
        if (args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: TraceGenerator <out-file> <requests> <keys> <s> <seed>, got "
                            + args.length + " arguments");
        }
        Path out = Path.of(args[0]);
        long requests = Long.parseLong(args[1]);
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative, was " + requests);
        }
        ZipfDistribution zipf = new ZipfDistribution(Integer.parseInt(args[2]), Double.parseDouble(args[3]));
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[4]));
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (long i = 0; i < requests; i++) {
                writer.write("key-");
                writer.write(Integer.toString(zipf.sample(random)));
                writer.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trace " + out, e);
        }
    }
}
