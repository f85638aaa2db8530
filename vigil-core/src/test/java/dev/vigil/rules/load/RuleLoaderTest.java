package dev.vigil.rules.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.catalogue.AlertCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
    private static final AlertCatalogue CATALOGUE = AlertCatalogue.builtIn();

    /** Scans load the built-in rules without the schema check: this test is that check. */
    @Test
    void builtInRulesPassTheSchema() {
        for (String kind : new String[] {"http", "process"}) {
            RuleSet checked = RuleLoader.load(RuleLoader.builtInRoot(), kind, CATALOGUE, false);
            assertThat(checked.problems()).as(kind).isEmpty();
            assertThat(checked.rules()).as(kind).isNotEmpty();
            RuleSet fast = RuleLoader.loadBuiltIn(kind, CATALOGUE);
            assertThat(fast.rules()).as(kind).hasSameSizeAs(checked.rules());
            assertThat(fast.rules()).extracting(r -> r.id()).containsExactlyElementsOf(
                    checked.rules().stream().map(r -> r.id()).toList());
        }
    }

    /**
     * Every branch of a built-in rule is exercised by one of its match examples: a branch no example
     * reaches may be dead (a reading that normalisation has already undone) and is not tested.
     */
    @Test
    void everyBranchOfABuiltInRuleIsTakenByAMatchExample() {
        for (String kind : new String[] {"http", "process"}) {
            RuleSet checked = RuleLoader.load(RuleLoader.builtInRoot(), kind, CATALOGUE, false);
            assertThat(checked.coverage()).as(kind).isEmpty();
        }
    }

    @Test
    void aFileOutsideTheSchemaFailsTheCheckedLoadEvenWhenItWouldCompile(@TempDir Path dir) throws Exception {
        ruleFile(dir, "http/extra.yaml",
                "id: test.extra", "title: Extra key", "type: ScannerDetected",
                "description: a rule with a key the schema does not know", "status: stable", "fields: [path]",
                "condition: {contains: canary}", "examples: {match: [/canary], no_match: [/x]}",
                "colour: blue");
        assertThatThrownBy(() -> RuleLoader.load(dir, CATALOGUE, true))
                .hasMessageContaining("http/extra.yaml").hasMessageContaining("test.extra").hasMessageContaining("schema");
    }

    @Test
    void aCasedReadingUndoesQuotesAndKeepsTheCaseOfOptions(@TempDir Path dir) throws Exception {
        // tar -P keeps absolute names (it writes anywhere), tar -p only keeps permissions: the
        // reading must tell them apart and still see through quotes and escapes inside the word
        ruleFile(dir, "process/cased.yaml",
                "id: test.cased", "title: Absolute names", "type: HighPrivilegeCommand",
                "description: a rule on an option told apart by case", "status: stable", "fields: [cmdline]",
                "condition: {all: [{contains: [tar]}, {variant: cased, regex: '\\btar\\s+(?-i:-[a-zA-Z]*P)'}]}",
                "examples:", "  match: [\"tar -Pcf /tmp/a.tar x\", \"t''ar -Pcf /tmp/a.tar x\", \"t\\\\ar -cPf /tmp/a.tar x\"]",
                "  no_match: [\"tar -pcf /tmp/a.tar x\", \"t''ar -pcf /tmp/a.tar x\"]");
        RuleSet set = RuleLoader.load(dir, "process", CATALOGUE, true);
        assertThat(set.problems()).isEmpty();
        assertThat(set.rules()).extracting(r -> r.id()).contains("test.cased");
    }

    @Test
    void aCasedReadingOfARequestKeepsCaseAndLineBreaksThroughAnyEncoding(@TempDir Path dir) throws Exception {
        // base64 is case-sensitive and a mail command counts only after a line break: the reading
        // undoes percent-encoding however deep and folds nothing
        ruleFile(dir, "http/cased.yaml",
                "id: test.cased-request", "title: Cased request", "type: ScannerDetected",
                "description: a cased reading of a query value", "status: stable", "fields: [param_values]",
                "condition: {variant: cased, regex: '(?-i)\\nQUIT$'}",
                "examples:", "  match: [\"/m?n=1%0aQUIT\", \"/m?n=1%250aQUIT\", \"/m?n=%31%0A%51%55%49%54\"]",
                "  no_match: [\"/m?n=1%0aquit\", \"/m?n=1+QUIT\", \"/m?n=QUIT\"]");
        RuleSet set = RuleLoader.load(dir, "http", CATALOGUE, true);
        assertThat(set.problems()).isEmpty();
        assertThat(set.rules()).extracting(r -> r.id()).contains("test.cased-request");
    }

    @Test
    void aCasedReadingOfAFieldThatIsNeitherACommandLineNorDecodedTextIsRefused(@TempDir Path dir) throws Exception {
        ruleFile(dir, "process/cased.yaml",
                "id: test.cased-exe", "title: Cased image", "type: HighPrivilegeCommand",
                "description: a cased reading of an image path", "status: stable", "fields: [exe]",
                "condition: {variant: cased, regex: 'Evil'}", "examples: {match: [x], no_match: [y]}");
        assertThatThrownBy(() -> RuleLoader.load(dir, CATALOGUE, true))
                .hasMessageContaining("process/cased.yaml").hasMessageContaining("not exe");
    }

    /** Writes a rule file of {@code lines} at {@code file} under {@code dir}, creating its folder. */
    private static void ruleFile(Path dir, String file, String... lines) throws java.io.IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
    }
}
