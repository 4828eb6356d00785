package io.github.snapshotregistry.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are the tagged regions of registry-examples' compiled sources
 * ({@link ReadmeSnippets}, {@link YourAdapterContractTest}), and its TCK set-up the tagged regions of
 * the consumer project that src/it builds, shown unchanged.
 */
class ReadmeSnippetsTest {

    private static final Pattern TAG = Pattern.compile("^\\s*(?://|<!--) (tag|end)::([a-z-]+)\\[](?: -->)?\\s*$");
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(java|xml)\\n(.*?)^```$");
    private static final String VERSION = Objects.requireNonNull(System.getProperty("project.version"),
            "system property project.version (set by registry-examples' pom)");

    private final Path root = RepositoryRoot.path();

    @Test
    void theReadmeShowsEveryCompiledSnippetUnchanged() throws IOException {
        List<String> blocks = new ArrayList<>(blocksOf("java"));
        blocks.addAll(blocksOf("xml"));

        snippets().forEach((name, snippet) -> assertTrue(blocks.contains(snippet),
                "README.md must show snippet '" + name + "' as a code block, exactly:\n" + snippet));
    }

    @Test
    void everyJavaBlockInTheReadmeIsACompiledSnippet() throws IOException {
        List<String> blocks = blocksOf("java");

        List<String> uncompiled = new ArrayList<>(blocks);
        uncompiled.removeAll(snippets().values());

        assertEquals(List.of(), uncompiled, "java blocks of README.md that no compiled source holds");
    }

    @Test
    void regionsOfOneNameAreJoinedByABlankLineAndLoseTheirIndentation() {
        String source = String.join("\n",
                "import a.B;",
                "// tag::x[]",
                "import c.D;",
                "// end::x[]",
                "class E {",
                "    void f() {",
                "        // tag::x[]",
                "        if (g) {",
                "            h();",
                "        }",
                "        // end::x[]",
                "    }",
                "}",
                "<!-- tag::y[] -->",
                "<a/>",
                "<!-- end::y[] -->");

        assertEquals(Map.of("x", "import c.D;\n\nif (g) {\n    h();\n}\n", "y", "<a/>\n"), regions(List.of(source)));
    }

    private Map<String, String> snippets() throws IOException {
        List<String> sources = new ArrayList<>();
        for (String folder : List.of("src/main/java", "src/test/java", "src/it")) {
            try (Stream<Path> files = Files.walk(root.resolve("registry-examples").resolve(folder))) {
                for (Path file : files.filter(ReadmeSnippetsTest::holdsSnippets).sorted().toList()) {
                    sources.add(Files.readString(file, StandardCharsets.UTF_8).replace("@project.version@", VERSION));
                }
            }
        }
        return regions(sources);
    }

    private static boolean holdsSnippets(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".java") || name.equals("pom.xml");
    }

    /** Each name's regions, dedented, in order, joined by a blank line. */
    private static Map<String, String> regions(List<String> sources) {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        for (String source : sources) {
            List<String> region = null;
            for (String line : source.split("\n", -1)) {
                Matcher tag = TAG.matcher(line);
                if (tag.matches() && tag.group(1).equals("tag")) {
                    region = new ArrayList<>();
                } else if (tag.matches()) {
                    regions.computeIfAbsent(tag.group(2), name -> new ArrayList<>()).add(dedent(region));
                    region = null;
                } else if (region != null) {
                    region.add(line);
                }
            }
        }
        return regions.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, entry -> String.join("\n", entry.getValue()), (a, b) -> a, LinkedHashMap::new));
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream()
                .map(line -> line.isBlank() ? "" : line.substring(indent))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private List<String> blocksOf(String language) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
        while (block.find()) {
            if (block.group(1).equals(language)) {
                blocks.add(block.group(2));
            }
        }
        return blocks;
    }
}
