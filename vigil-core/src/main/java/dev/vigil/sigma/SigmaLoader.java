package dev.vigil.sigma;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads every Sigma rule under a folder ({@code *.yml}, {@code *.yaml}, recursively, hidden
 * entries skipped) and compiles those Vigil can run. Nothing is dropped silently: a file that is
 * not YAML, a rule Vigil cannot run and a rule left out by status or level each become a
 * {@link SigmaRuleSet.Skipped} entry with its reason.
 *
 * <p>Stateless; each load is independent.
 */
public final class SigmaLoader {
    /** Sigma levels, lowest first. */
    public static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

    /** Before {@code .yml}: a file that carries examples for the rule file of the same name. */
    static final String EXAMPLES = ".examples";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SigmaLoader() {
    }

    /**
     * What to leave out.
     *
     * @param minLevel       the lowest Sigma level to run, or null for all
     * @param withDeprecated also run rules whose status is {@code deprecated} or {@code unsupported}
     */
    public record Options(String minLevel, boolean withDeprecated) {
        public Options {
            if (minLevel != null) {
                minLevel = minLevel.strip().toLowerCase(Locale.ROOT);
                if (!LEVELS.contains(minLevel)) {
                    throw new IllegalArgumentException("unknown Sigma level '" + minLevel + "' (expected "
                            + String.join(", ", LEVELS) + ")");
                }
            }
        }

        public static Options defaults() {
            return new Options(null, false);
        }
    }

    /** Loads {@code dir} (a folder of Sigma rules, or one rule file) with the built-in mapping. */
    public static SigmaRuleSet load(Path dir, Options options) {
        return load(dir, options, SigmaMapping.builtIn());
    }

    static SigmaRuleSet load(Path dir, Options options, SigmaMapping mapping) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir);
        }
        SigmaCompiler compiler = new SigmaCompiler(mapping);
        List<Path> paths = new ArrayList<>();
        List<Path> exampleFiles = new ArrayList<>();
        for (Path p : list(dir)) {
            (isExamplesFile(p) ? exampleFiles : paths).add(p);
        }
        List<String> problems = new ArrayList<>();
        Map<Path, List<Path>> examplesOf = examplesOf(dir, paths, exampleFiles, problems);
        // files are independent: parse and compile them on all cores (SigmaHQ's 1,700 rules take
        // over a second of CPU), then filter and check ids in file order
        Object[] results = new Object[paths.size()];
        java.util.stream.IntStream.range(0, paths.size()).parallel()
                .forEach(i -> results[i] = readAndCompile(dir, paths.get(i), compiler));
        List<SigmaRule> rules = new ArrayList<>();
        List<SigmaRuleSet.Skipped> skipped = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        int files = paths.size();
        for (int i = 0; i < results.length; i++) {
            Object res = results[i];
            List<Path> ex = examplesOf.get(paths.get(i));
            if (ex != null && res instanceof SigmaRule r) {
                results[i] = r.withFolderExamples(readExamples(dir, ex, problems));
            }
        }
        for (Object res : results) {
            if (res instanceof SigmaRuleSet.Skipped k) {
                skipped.add(k);
                continue;
            }
            SigmaRule r = (SigmaRule) res;
            String source = r.rule().source();
            String id = r.sigmaId();
            String title = r.title();
            String status = r.status().toLowerCase(Locale.ROOT);
            if (!options.withDeprecated() && (status.equals("deprecated") || status.equals("unsupported"))) {
                skipped.add(new SigmaRuleSet.Skipped(source, id, title, SigmaRuleSet.Reason.LEFT_OUT,
                        "status " + status + " (run it with --sigma-deprecated)"));
                continue;
            }
            if (options.minLevel() != null && LEVELS.indexOf(r.level()) < LEVELS.indexOf(options.minLevel())) {
                skipped.add(new SigmaRuleSet.Skipped(source, id, title, SigmaRuleSet.Reason.LEFT_OUT,
                        "level " + (r.level().isEmpty() ? "(none)" : r.level()) + " is below --min-level "
                                + options.minLevel()));
                continue;
            }
            String before = seen.putIfAbsent(r.sigmaId(), source);
            if (before != null) {
                skipped.add(new SigmaRuleSet.Skipped(source, id, title, SigmaRuleSet.Reason.BROKEN,
                        "duplicate id, also in " + before));
                continue;
            }
            rules.add(r);
        }
        return new SigmaRuleSet(dir.toString(), files, rules, skipped, problems);
    }

    /** One file: its compiled rule, or why it is skipped. Thread-safe. */
    private static Object readAndCompile(Path dir, Path p, SigmaCompiler compiler) {
        String source = source(dir, p);
        List<JsonNode> docs;
        try {
            docs = read(p);
        } catch (IOException | RuntimeException e) {
            return new SigmaRuleSet.Skipped(source, "?", "", SigmaRuleSet.Reason.BROKEN,
                    "not readable as YAML: " + firstLine(e.getMessage()));
        }
        if (docs.isEmpty()) {
            return new SigmaRuleSet.Skipped(source, "?", "", SigmaRuleSet.Reason.BROKEN, "empty file");
        }
        JsonNode n = docs.get(0);
        String id = n != null && n.isObject() ? n.path("id").asText("?") : "?";
        String title = n != null && n.isObject() ? n.path("title").asText("") : "";
        if (docs.size() > 1) {
            return new SigmaRuleSet.Skipped(source, id, title, SigmaRuleSet.Reason.UNSUPPORTED,
                    "rule collections (several YAML documents in one file) are not supported");
        }
        try {
            return compiler.compile(n, source);
        } catch (Unsupported e) {
            return new SigmaRuleSet.Skipped(source, id, title, SigmaRuleSet.Reason.UNSUPPORTED, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // a rule must never stop the load; say what went wrong and go on
            return new SigmaRuleSet.Skipped(source, id, title, SigmaRuleSet.Reason.BROKEN,
                    "cannot compile: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** Whether a file carries examples for a rule ({@code NAME.examples.yml}) rather than a rule. */
    static boolean isExamplesFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(EXAMPLES + ".yml") || n.endsWith(EXAMPLES + ".yaml");
    }

    /**
     * Each rule file's examples files: {@code NAME.examples.yml} (or {@code .yaml}) beside
     * {@code NAME.yml} (or {@code .yaml}). An examples file with no such rule file is a problem.
     */
    private static Map<Path, List<Path>> examplesOf(Path dir, List<Path> rules, List<Path> exampleFiles,
                                                    List<String> problems) {
        Map<Path, List<Path>> out = new HashMap<>();
        java.util.Set<Path> ruleFiles = new java.util.HashSet<>(rules);
        for (Path e : exampleFiles) {
            String name = e.getFileName().toString();
            int cut = name.toLowerCase(Locale.ROOT).lastIndexOf(EXAMPLES + ".");
            String stem = name.substring(0, cut);
            Path parent = e.getParent();
            Path rule = null;
            for (String ext : List.of(".yml", ".yaml")) {
                Path r = parent == null ? Path.of(stem + ext) : parent.resolve(stem + ext);
                if (ruleFiles.contains(r)) {
                    rule = r;
                    break;
                }
            }
            if (rule == null) {
                problems.add(source(dir, e) + ": examples for no rule: there is no " + stem + ".yml beside it");
            } else {
                out.computeIfAbsent(rule, k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /**
     * The examples in a rule's examples files: {@code match:} and {@code no_match:} lists (also
     * accepted inside {@code examples:}, as a rule file holds them), each entry a map of Sigma
     * field names to values or a bare command line. A file that cannot be read is a problem.
     */
    private static SigmaRule.Examples readExamples(Path dir, List<Path> files, List<String> problems) {
        List<dev.vigil.rules.Example> match = new ArrayList<>();
        List<dev.vigil.rules.Example> noMatch = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            String source = source(dir, f);
            List<JsonNode> docs;
            try {
                docs = read(f);
            } catch (IOException | RuntimeException e) {
                problems.add(source + ": examples not readable as YAML: " + firstLine(e.getMessage()));
                continue;
            }
            JsonNode n = docs.size() == 1 ? docs.get(0) : null;
            if (n != null && n.isObject() && n.has("examples")) {
                n = n.get("examples");
            }
            if (n == null || !n.isObject() || !(n.path("match").isArray() || n.path("no_match").isArray())) {
                problems.add(source + ": examples: expected one YAML map with a match or no_match list");
                continue;
            }
            match.addAll(SigmaCompiler.examples(n.get("match")));
            noMatch.addAll(SigmaCompiler.examples(n.get("no_match")));
            names.add(source);
        }
        return names.isEmpty() ? SigmaRule.Examples.NONE
                : new SigmaRule.Examples(String.join(", ", names), match, noMatch);
    }

    private static String source(Path dir, Path p) {
        return (Files.isDirectory(dir) ? dir.relativize(p) : p.getFileName()).toString().replace('\\', '/');
    }

    /**
     * A file's YAML documents: by {@link SigmaYaml} when the file is plain UTF-8 in the subset it
     * reads (nearly every Sigma rule), else by Jackson, which gives the same tree, slower.
     */
    static List<JsonNode> read(Path p) throws IOException {
        byte[] bytes = Files.readAllBytes(p);
        try {
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            JsonNode n = SigmaYaml.read(text);
            if (n != null) {
                return List.of(n);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            // not UTF-8: Jackson tells the encoding or says what is wrong
        }
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = new java.io.ByteArrayInputStream(bytes);
             JsonParser parser = YAML.getFactory().createParser(in);
             MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isMissingNode() && !n.isNull()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        if (Files.isRegularFile(dir)) {
            // one rule file: with the examples kept beside it
            List<Path> one = new ArrayList<>(List.of(dir));
            String name = dir.getFileName().toString();
            int dot = name.lastIndexOf('.');
            if (!isExamplesFile(dir) && dot > 0) {
                for (String ext : List.of(".yml", ".yaml")) {
                    Path e = dir.resolveSibling(name.substring(0, dot) + EXAMPLES + ext);
                    if (Files.isRegularFile(e)) {
                        one.add(e);
                    }
                }
            }
            return one;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dir.relativize(p)))
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".yml") || n.endsWith(".yaml");
                    })
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether a relative path has a hidden entry (a name starting with a dot) in it. */
    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
