package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link SigmaYaml} gives the tree Jackson's YAML reader gives, or nothing: on rule texts written
 * here, on every shared SigmaHQ rule when that folder is present, and on thousands of damaged
 * variants of them (where Jackson fails, the fast reader must give nothing, never a tree).
 */
class SigmaYamlTest {
    private static final ObjectMapper JACKSON = new ObjectMapper(new YAMLFactory());
    private static final Path SHARED = Path.of("..", "..", "shared", "eval", "sigma");

    /** Jackson's single document, or null when it fails or finds several. */
    private static JsonNode jackson(String text) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            JACKSON.readerFor(JsonNode.class).readValues(text).forEachRemaining(n -> docs.add((JsonNode) n));
            return docs.size() == 1 ? docs.get(0) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The fast reader agrees with Jackson or declines; returns whether it read the text. */
    private static boolean agrees(String text) {
        JsonNode fast = SigmaYaml.read(text);
        if (fast == null) {
            return false;
        }
        JsonNode slow = jackson(text);
        assertThat(slow).as("Jackson reads what the fast reader read:\n%s", text).isNotNull();
        assertThat(fast).as("the same tree for:\n%s", text).isEqualTo(slow);
        assertThat(types(fast)).as("the same scalar types for:\n%s", text).isEqualTo(types(slow));
        return true;
    }

    /** The node types of a tree, in order: IntNode and TextNode "200" are equal only by type. */
    private static String types(JsonNode n) {
        StringBuilder b = new StringBuilder(n.getClass().getSimpleName());
        n.fields().forEachRemaining(e -> b.append('{').append(e.getKey()).append(':').append(types(e.getValue())).append('}'));
        if (n.isArray()) {
            n.forEach(e -> b.append('[').append(types(e)).append(']'));
        }
        return b.toString();
    }

    private static final String RULE = String.join("\n",
            "title: Shadow File Read",
            "id: 0b0f3c2e-0000-4000-8000-0000000000aa",
            "status: test",
            "description: |",
            "    Detects a read of the shadow file.",
            "",
            "    Second paragraph: with a colon.",
            "references:",
            "    - https://example.org/a?b=c#d",
            "author: 'Jane O''Tester'",
            "date: 2024-01-31",
            "modified: 2024/02/01",
            "tags:",
            "- attack.credential-access",
            "- attack.t1003.008",
            "logsource:",
            "    category: process_creation",
            "    product: linux",
            "detection:",
            "    selection:",
            "        Image|endswith: '/cat'  # the tool",
            "        CommandLine|contains|all:",
            "            - '/etc/shadow'",
            "            - \"\\x41\\u00e9 \\\"quoted\\\" \\\\ \"",
            "        sc-status: 200",
            "        Hashes|exists: yes",
            "        User: null",
            "        Flags: [a, 'b c', \"d\", 5, ~, Off]",
            "    filter:",
            "        - Image: C:\\Windows\\cat.exe",
            "          ParentImage|startswith: /usr",
            "        - CommandLine|re: '(?i)\\bpasswd\\b'",
            "    keywords:",
            "        - plain text with a # not a comment",
            "        -",
            "    condition: selection and not 1 of filter* # why",
            "falsepositives:",
            "    - Administrators checking",
            "      their own hosts",
            "level: high",
            "examples:",
            "  match:",
            "    - Image: /bin/cat",
            "");

    @Test
    void readsWhatSigmaRulesUseAsJacksonDoes() {
        assertThat(agrees(RULE)).as("the rule is in the subset").isTrue();
        // block scalars kept bare, stripped; empty lines inside; sequences of maps of sequences
        assertThat(agrees("a: |-\n  x\n\n  y\nb:\n  - c:\n      - 1\n      - -2\n    d: e\n")).isTrue();
        assertThat(agrees("k: |\n  a\n   b\n\n  c\n\n\nz: 1\n")).isTrue();
        assertThat(agrees("k:\n- a\n- b\nj: 2\n")).isTrue();
        assertThat(agrees("k:\nj: ''\n")).isTrue();
        assertThat(agrees("k: a\n  b\n  c # x\nz: 1\n")).isTrue();
        assertThat(agrees("'quoted key': 1\n\"other\": -0x\n")).isTrue();
    }

    @Test
    void declinesWhatItDoesNotKnow() {
        for (String text : List.of(
                "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: >\n  folded\n", "a: |+\n  kept\n", "a: |2\n  x\n",
                "a: {b: 1}\n", "---\na: 1\n", "a: 1\n---\nb: 2\n", "a:\tb\n", "a: 0755\n", "a: 1.5\n", "a: 1_000\n",
                "a: 0x1F\n", "a: .inf\n", "a: +5\n", "a: 12345678901\n", "a: 'multi\n  line'\n", "a: \"x\\by\"\n",
                "? complex\n: key\n", "a: b: c\n", "- top level list\n", "  indented: root\n", "a: 1\na: 2\n",
                "a: x\n\n  continued after an empty line\n", "a: [b, [c]]\n", "a: [b, c\n", "<<: 1\n", "yes: 1\n")) {
            assertThat(SigmaYaml.read(text)).as(text).isNull();
        }
    }

    @Test
    void damagedRulesAreReadAsJacksonReadsThemOrDeclined() {
        Random rnd = new Random(42);
        String pieces = " :-'\"#|[],\n\t{}&*!?%@`\\x0aé";
        int read = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder b = new StringBuilder(RULE);
            for (int edits = 1 + rnd.nextInt(3); edits > 0; edits--) {
                int at = rnd.nextInt(b.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, pieces.charAt(rnd.nextInt(pieces.length())));
                    default -> b.insert(at, "\n" + " ".repeat(rnd.nextInt(10)));
                }
            }
            if (agrees(b.toString())) {
                read++;
            }
        }
        assertThat(read).as("most damaged texts are still plain YAML the reader knows").isGreaterThan(300);
    }

    @Test
    void plainScalarsAreTypedAsJacksonTypesThem() {
        // numbers of every YAML 1.1 form, dates, ids and words: read as Jackson reads them, or declined
        Random rnd = new Random(5);
        String chars = "0123456789abcdefxoXOB_.:+-eEinfaINF";
        int read = 0;
        for (int round = 0; round < 5000; round++) {
            StringBuilder v = new StringBuilder();
            for (int n = 1 + rnd.nextInt(8); n > 0; n--) {
                v.append(chars.charAt(rnd.nextInt(chars.length())));
            }
            if (agrees("k: " + v + "\nl: [" + v + "]\n")) {
                read++;
            }
        }
        for (String v : List.of("200", "-5", "0", "2024-01-31", "99cf1e02-00fb-4c0d-8375-563f978dfd37", "1.2.3",
                "1:30", "0755", "0x1F", "1e3", ".5", "2001-12-14t21:59:43.10-05:00", "123456789", "1234567890")) {
            if (agrees("k: " + v + "\n")) {
                read++;
            }
        }
        assertThat(read).isGreaterThan(1000);
    }

    @Test
    void everySharedRuleReadsAsJacksonReadsIt() throws IOException {
        if (!Files.isDirectory(SHARED)) {
            return; // the shared rules are not part of the project; checked where they are present
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(SHARED)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        int declined = 0;
        List<String> why = new ArrayList<>();
        for (Path p : files) {
            String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            if (!agrees(text)) {
                declined++;
                if (why.size() < 20) {
                    why.add(SHARED.relativize(p).toString());
                }
            }
        }
        System.out.printf("SigmaYaml: %d of %d shared rule files read, %d left to Jackson, e.g. %s%n",
                files.size() - declined, files.size(), declined, why);
        assertThat(declined).as("files left to Jackson (the slow path), e.g. %s", why).isLessThan(files.size() / 20);
    }
}
