package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.StoredSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What the snapshot store holds, for {@code reconcile}: read lazily, one snapshot at a time, so that
 * a store of millions is never held in memory. Reading failures are {@link UncheckedIOException}s
 * whose message says what and where.
 */
final class SnapshotStore {

    private SnapshotStore() {}

    /**
     * A folder with one entry per snapshot: the entry's name is the id, its modification time (of the
     * entry itself: a link is not followed) is when the snapshot was last modified. Only names are
     * read, so nothing outside the folder is looked at.
     *
     * @throws UncheckedIOException if the folder cannot be read, or holds a name that the locale
     *     could not decode (it would name another snapshot)
     */
    static Stream<StoredSnapshot> directory(Path folder) {
        DirectoryStream<Path> entries;
        try {
            entries = Files.newDirectoryStream(folder);
        } catch (IOException e) {
            throw failure("--store-dir " + folder + " cannot be read: " + e, e);
        }
        return StreamSupport.stream(entries.spliterator(), false)
                .map(path -> stored(folder, path))
                .onClose(() -> {
                    try {
                        entries.close();
                    } catch (IOException e) {
                        throw failure("--store-dir " + folder + " cannot be closed: " + e, e);
                    }
                });
    }

    /**
     * The lines a shell command prints on its standard output, one {@code id<TAB>epoch-seconds} per
     * snapshot (seconds may have a fraction, as {@code find -printf '%f\t%T@\n'} prints them), read
     * as UTF-8 whatever the locale. A line that is not of that form, or a command that exits with a
     * status other than 0, fails the stream when it is reached: at the end for the status, so a
     * caller that reads to the end before acting never acts on a partial listing.
     */
    static Stream<StoredSnapshot> command(String command) {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw failure("--store-command could not be started: " + e.getMessage(), e);
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)));
        Iterator<StoredSnapshot> snapshots = new Iterator<>() {
            private long number;
            private StoredSnapshot next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next == null && !ended) {
                    next = read();
                }
                return next != null;
            }

            @Override
            public StoredSnapshot next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                StoredSnapshot snapshot = next;
                next = null;
                return snapshot;
            }

            private StoredSnapshot read() {
                String line;
                try {
                    line = lines.readLine();
                } catch (CharacterCodingException e) {
                    throw failure("--store-command printed a line that is not UTF-8 after line "
                            + number, e);
                } catch (IOException e) {
                    throw failure("--store-command's output cannot be read: " + e, e);
                }
                if (line == null) {
                    ended = true;
                    checkExit(process);
                    return null;
                }
                number++;
                return parse(line, number);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(snapshots, Spliterator.ORDERED), false)
                .onClose(process::destroy);
    }

    private static StoredSnapshot stored(Path folder, Path path) {
        String name = path.getFileName().toString();
        if (name.indexOf('\uFFFD') >= 0) {
            throw failure("--store-dir " + folder + " holds a file name that the locale cannot decode ("
                    + name + "); run the tool under a UTF-8 locale, such as LC_ALL=C.UTF-8", null);
        }
        try {
            Instant modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
            return new StoredSnapshot(SnapshotId.of(name), modified);
        } catch (IOException e) {
            throw failure("--store-dir: " + path + " cannot be read: " + e, e);
        }
    }

    private static StoredSnapshot parse(String line, long number) {
        int tab = line.lastIndexOf('\t');
        String problem;
        if (tab <= 0) {
            problem = "it has no id followed by a tab";
        } else {
            try {
                BigDecimal seconds = new BigDecimal(line.substring(tab + 1).strip());
                long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
                long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).setScale(0, RoundingMode.FLOOR)
                        .longValueExact();
                return new StoredSnapshot(SnapshotId.of(line.substring(0, tab)), Instant.ofEpochSecond(whole, nanos));
            } catch (NumberFormatException | ArithmeticException e) {
                problem = "'" + HumanFormat.visible(line.substring(tab + 1)) + "' is not a number of seconds";
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            } catch (DateTimeException e) {
                problem = "the time is out of range";
            }
        }
        throw failure("--store-command printed a bad line " + number + " (" + problem
                + "): each line must be id<TAB>epoch-seconds", null);
    }

    /** A failure to read the store; its message is what the tool prints. */
    private static UncheckedIOException failure(String message, IOException cause) {
        return new UncheckedIOException(message, cause == null ? new IOException(message) : cause);
    }

    private static void checkExit(Process process) {
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted waiting for --store-command", null);
        }
        if (status != 0) {
            throw failure("--store-command exited with status " + status + ": its listing is not used", null);
        }
    }
}
