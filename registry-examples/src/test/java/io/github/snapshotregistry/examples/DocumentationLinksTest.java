package io.github.snapshotregistry.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md leads to a file (and heading) inside the
 * repository: users only have the repository.
 */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+)$", Pattern.MULTILINE);
    private static final Pattern CODE_BLOCK = Pattern.compile("(?ms)^```.*?^```");

    private final Path root = RepositoryRoot.path();

    @Test
    void everyRelativeLinkInTheReadmeAndDocsResolvesInsideTheRepository() throws IOException {
        List<String> dangling = new ArrayList<>();
        for (Path document : documents()) {
            for (String target : links(document)) {
                problem(document, target).ifPresent(dangling::add);
            }
        }

        assertEquals(List.of(), dangling, "dangling links");
    }

    @Test
    void theReadmeLinksToTheContract() throws IOException {
        assertTrue(links(root.resolve("README.md")).contains("docs/contract.md"),
                "README.md must link to docs/contract.md");
    }

    @Test
    void aLinkOutsideTheRepositoryOrToAMissingHeadingIsReported() throws IOException {
        Path document = root.resolve("docs/contract.md");

        assertTrue(problem(document, "../../shared/DESIGN.md").isPresent(), "outside the repository");
        assertTrue(problem(document, "no-such-page.md").isPresent(), "missing file");
        assertTrue(problem(document, "#no-such-heading").isPresent(), "missing heading");
        assertTrue(problem(document, "#rule-4--bounds").isEmpty(), "existing heading");
        assertTrue(problem(document, "https://example.com/x").isEmpty(), "absolute URLs are not checked");
    }

    private List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    private static List<String> links(Path document) throws IOException {
        String text = CODE_BLOCK.matcher(Files.readString(document, StandardCharsets.UTF_8)).replaceAll("");
        List<String> links = new ArrayList<>();
        Matcher matcher = LINK.matcher(text);
        while (matcher.find()) {
            links.add(matcher.group(1));
        }
        return links;
    }

    private Optional<String> problem(Path document, String target) throws IOException {
        if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
            return Optional.empty();
        }
        String where = root.relativize(document) + " -> " + target;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!resolved.startsWith(root)) {
            return Optional.of(where + " (outside the repository)");
        }
        if (!Files.exists(resolved)) {
            return Optional.of(where + " (no such file)");
        }
        if (hash >= 0 && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(target.substring(hash + 1))) {
            return Optional.of(where + " (no such heading)");
        }
        return Optional.empty();
    }

    /** The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(Path page) throws IOException {
        String text = CODE_BLOCK.matcher(Files.readString(page, StandardCharsets.UTF_8)).replaceAll("");
        Matcher matcher = HEADING.matcher(text);
        List<String> headings = new ArrayList<>();
        while (matcher.find()) {
            headings.add(matcher.group(1).strip());
        }
        return headings.stream()
                .map(heading -> heading.toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                        .replace(' ', '-'))
                .collect(Collectors.toSet());
    }
}
