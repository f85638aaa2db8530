package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.catalogue.AlertType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ describe a project that stands alone: what a new user copies from them
 * works on a fresh clone. Tests run in vigil-cli/, so the repository root is its parent.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

    static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    static List<Path> markdown() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    @Test
    void readmeStartsWithTheTwoCommands() throws IOException {
        String readme = read("README.md");
        int block = readme.indexOf("```sh\n");
        assertThat(block).isPositive();
        List<String> first = readme.substring(block + 6, readme.indexOf("```", block + 6)).lines().toList();
        assertThat(first).hasSize(2);
        assertThat(first.get(0)).startsWith("./vigil scan samples/");
        assertThat(first.get(1)).startsWith("./mvnw -B verify");
    }

    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        for (Path md : markdown()) {
            assertThat(Files.readString(md)).as(md.toString()).doesNotContain("../shared").doesNotContain("shared/eval")
                    .doesNotContain("shared/bench").doesNotContain("steering repository");
        }
    }

    @Test
    void commandLinesInTheReadmeRunTheLauncherNotAnUninstalledCommand() throws IOException {
        boolean inBlock = false;
        for (String line : read("README.md").lines().toList()) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock) {
                assertThat(line.strip()).as(line).doesNotStartWith("vigil ");
            }
        }
    }

    @Test
    void everyRelativeLinkAndNamedToolExists() throws IOException {
        for (Path md : markdown()) {
            Matcher m = LINK.matcher(Files.readString(md));
            while (m.find()) {
                String target = m.group(1);
                if (!target.contains("://")) {
                    assertThat(md.getParent().resolve(target)).as(md + " links " + target).exists();
                }
            }
        }
        Matcher tools = Pattern.compile("tools/[a-z0-9-]+\\.py").matcher(read("README.md") + read("docs/benchmarks.md"));
        while (tools.find()) {
            assertThat(ROOT.resolve(tools.group())).as(tools.group()).exists();
        }
    }

    @Test
    void theAlertCatalogueListsEveryTypeWithItsSeverity() throws IOException {
        String doc = read("docs/alerts.md");
        for (AlertType t : AlertCatalogue.builtIn().all()) {
            Matcher row = Pattern.compile("^\\| `" + t.name() + "` \\|.*\\| (\\w+) \\|[^|]*\\|[^|]*\\|$", Pattern.MULTILINE)
                    .matcher(doc);
            assertThat(row.find()).as(t.name() + " in docs/alerts.md").isTrue();
            assertThat(row.group(1)).as(t.name()).isEqualTo(t.severity().label());
        }
    }
}
