package io.github.snapshotregistry.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM running one of the tests' main classes on the test classpath, with its stdout read line by
 * line. sqlite-jdbc unpacks its native library into the folder of the child's stderr file (the
 * test's temporary folder), since a killed child cannot delete it.
 */
final class ChildJvm {

    private final Process process;
    private final BufferedReader stdout;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(Class<?> main, Path stderr, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dorg.sqlite.tmpdir=" + stderr.getParent(),
                "-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectError(stderr.toFile()).start());
    }

    /** Waits until every child has printed {@code ready}, then sends each of them {@code go}. */
    static void startTogether(List<ChildJvm> children) throws IOException {
        for (ChildJvm child : children) {
            child.awaitLine("ready");
        }
        for (ChildJvm child : children) {
            child.send("go");
        }
    }

    /** Reads lines until one starts with {@code prefix}; fails if the child ends first. */
    String awaitLine(String prefix) throws IOException {
        for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the child ended (exit " + exitCode() + ") without printing '" + prefix + "'");
    }

    /** Reads lines until the one that is exactly {@code line}; fails if the child ends first. */
    void awaitExactly(String line) throws IOException {
        for (String read = stdout.readLine(); read != null; read = stdout.readLine()) {
            if (read.equals(line)) {
                return;
            }
        }
        throw new AssertionError("the child ended (exit " + exitCode() + ") without printing '" + line + "'");
    }

    void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the child to end and returns its exit code. */
    int exitCode() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a child JVM", e);
        }
    }

    /** Kills the child with SIGKILL and waits for it to be gone; a child that has ended already stays as it was. */
    void kill() {
        process.destroyForcibly();
        exitCode();
    }
}
