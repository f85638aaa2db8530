package dev.vigil.rules.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {

    /** The build writes rules/index.txt; it must name exactly the files of the rule tree. */
    @Test
    void theBuiltInIndexListsEveryRuleFileAndNothingElse() {
        RuleFiles builtIn = RuleFiles.builtIn();
        assertThat(builtIn).isInstanceOf(RuleFiles.ClassPath.class);
        RuleFiles walked = RuleFiles.of(RuleLoader.builtInRoot());
        List<String> all = walked.list("", true, ".yaml", ".yml", ".txt", ".json");
        List<String> indexed = builtIn.list("", true, ".yaml", ".yml", ".txt", ".json");
        assertThat(indexed).isNotEmpty().containsExactlyElementsOf(all.stream().filter(n -> !n.equals("index.txt")).toList());
        for (String folder : new String[] {"http", "process", "behaviour", "data", "process/data"}) {
            assertThat(builtIn.list(folder, false, ".yaml", ".txt")).as(folder)
                    .containsExactlyElementsOf(walked.list(folder, false, ".yaml", ".txt"));
        }
        assertThat(builtIn.read("behaviour/brute-force.yaml")).contains("id:");
    }

    @Test
    void aClassPathTreeListsByFolderWithOrWithoutSubFolders() throws Exception {
        RuleFiles t = new RuleFiles.ClassPath(List.of("data/a.txt", "http/sqli/b.yaml", "http/top.yaml", "httpx/c.yaml"));
        assertThat(t.isFolder("http")).isTrue();
        assertThat(t.isFolder("http/sqli")).isTrue();
        assertThat(t.isFolder("htt")).isFalse();
        assertThat(t.isFolder("")).isTrue();
        assertThat(t.list("http", true, ".yaml")).containsExactly("http/sqli/b.yaml", "http/top.yaml");
        assertThat(t.list("http", false, ".yaml")).containsExactly("http/top.yaml");
        assertThat(t.list("", false, ".yaml")).isEmpty();
        assertThat(t.list("", true, ".txt")).containsExactly("data/a.txt");
        assertThatThrownBy(() -> t.open("http/top.yaml").close())
                .isInstanceOf(FileNotFoundException.class).hasMessageContaining("index.txt");
    }

    @Test
    void aFolderTreeNamesFilesRelativeToItsRootWithSlashes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("http/sqli"));
        Files.writeString(dir.resolve("http/sqli/b.yaml"), "id: b");
        Files.writeString(dir.resolve("http/a.yaml"), "id: a");
        Files.writeString(dir.resolve("http/notes.md"), "-");
        RuleFiles t = RuleFiles.of(dir);
        assertThat(t.list("http", true, ".yaml")).containsExactly("http/a.yaml", "http/sqli/b.yaml");
        assertThat(t.list("http", false, ".yaml")).containsExactly("http/a.yaml");
        assertThat(t.isFolder("http/sqli")).isTrue();
        assertThat(t.isFolder("process")).isFalse();
        assertThat(t.read("http/sqli/b.yaml")).isEqualTo("id: b");
    }
}
