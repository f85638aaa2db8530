package dev.vigil.rules.load;

import dev.vigil.rules.Rule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.rules.compile.RuleCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads a rule tree: {@code http/**}{@code /*.yaml} (one rule per file) and {@code data/*.txt}
 * (word lists, one entry per line, {@code #} comments), validates each rule file against
 * {@code rule.schema.json} and compiles it. Errors name the file and the rule id.
 *
 * <p>Stateless; each load is independent.
 */
public final class RuleLoader {
    static final String SCHEMA_RESOURCE = "/rules/schema/rule.schema.json";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RuleLoader() {
    }

    /** The built-in rule tree's root (the {@code rules} folder on the class path, in a jar or not). */
    public static Path builtInRoot() {
        URL url = RuleLoader.class.getResource(SCHEMA_RESOURCE);
        if (url == null) {
            throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the class path");
        }
        try {
            URI uri = url.toURI();
            Path schema;
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                schema = fs.provider().getPath(uri);
            } else {
                schema = Path.of(uri);
            }
            return schema.getParent().getParent();
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the built-in rules: " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code root} (a folder holding {@code http/} and {@code data/}, or a folder of rule
     * files). With {@code strict}, the first problem throws; otherwise problems are collected in the
     * returned set and the bad files are skipped.
     */
    public static RuleSet load(Path root, AlertCatalogue catalogue, boolean strict) {
        return load(root, "http", catalogue, strict);
    }

    /**
     * Loads the rules of one family: {@code root/<kind>/} with data files from {@code root/data/}
     * ({@code http}), or from {@code root/<kind>/data/} for other families, so that each family's
     * lint sees only its own lists. A folder without {@code <kind>/} is read as rule files itself.
     */
    public static RuleSet load(Path root, String kind, AlertCatalogue catalogue, boolean strict) {
        return load(root, kind, catalogue, strict, true);
    }

    /**
     * The built-in rules of one family ({@code http} or {@code process}), loaded strictly but not
     * checked against the schema again: they are fixed in the jar, and the build checks every one
     * of them against it ({@code RuleLoaderTest.builtInRulesPassTheSchema}); a broken file still
     * fails to compile, naming the file and the rule. Checking 300 files at every start took about
     * half a second of CPU. {@code vigil rules lint} reads them with the check.
     */
    public static RuleSet loadBuiltIn(String kind, AlertCatalogue catalogue) {
        return load(RuleFiles.builtIn(), kind, catalogue, true, false);
    }

    /**
     * The built-in rules of one family checked against the schema, broken files listed in
     * {@link RuleSet#problems()} rather than thrown: what {@code vigil rules lint} reads.
     */
    public static RuleSet loadBuiltInLenient(String kind, AlertCatalogue catalogue) {
        return load(RuleFiles.builtIn(), kind, catalogue, false, true);
    }

    private static RuleSet load(Path root, String kind, AlertCatalogue catalogue, boolean strict, boolean checkSchema) {
        return load(RuleFiles.of(root), kind, catalogue, strict, checkSchema);
    }

    private static RuleSet load(RuleFiles root, String kind, AlertCatalogue catalogue, boolean strict, boolean checkSchema) {
        List<String> problems = new ArrayList<>();
        String rulesDir = root.isFolder(kind) ? kind : "";
        String dataDir;
        if ("http".equals(kind)) {
            dataDir = root.isFolder("data") ? "data" : null;
        } else {
            dataDir = root.isFolder(RuleFiles.join(rulesDir, "data")) ? RuleFiles.join(rulesDir, "data") : null;
        }
        Map<String, List<String>> data = new TreeMap<>();
        if (dataDir != null) {
            for (String p : root.list(dataDir, true, ".txt")) {
                String name = p.substring(p.lastIndexOf('/') + 1);
                data.put(name.substring(0, name.length() - 4), readList(root, p));
            }
        }
        JsonSchema schema = checkSchema ? schema() : null;
        RuleCompiler compiler = new RuleCompiler(catalogue, data::get);
        List<Rule> rules = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        // each file read, checked and compiled on its own (in parallel: most of a scan's start),
        // then taken in file order, so errors and duplicates are reported as one pass would
        List<String> files = root.list(rulesDir, true, ".yaml", ".yml");
        List<Loaded> loaded = files.parallelStream().map(p -> loadOne(p, root, schema, compiler)).toList();
        for (Loaded l : loaded) {
            String error = l.error();
            if (error == null && seen.containsKey(l.id())) {
                error = "duplicate id, also in " + seen.get(l.id());
            } else if (error == null) {
                seen.put(l.id(), l.source());
                error = l.compileError();
            }
            if (error == null) {
                rules.add(l.rule());
                continue;
            }
            String msg = l.source() + ": rule " + l.id() + ": " + error;
            if (strict) {
                throw new IllegalArgumentException(msg, l.cause());
            }
            problems.add(msg);
        }
        List<String> unused = new ArrayList<>(data.keySet());
        unused.removeAll(compiler.usedLists());
        return new RuleSet(rules, data, unused, problems);
    }

    /**
     * Loads a folder of Vigil rules, each file once: {@code http/} and {@code process/} below it
     * when it has them (each family with its own data files), otherwise the folder itself, its
     * rules split by the fields they read. Returns the HTTP set, then the process set; load
     * problems and unused data files are reported in the first set only, so nothing is counted
     * twice.
     */
    public static List<RuleSet> loadFolder(Path dir, AlertCatalogue catalogue, boolean strict) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a folder: " + dir);
        }
        boolean http = Files.isDirectory(dir.resolve("http"));
        boolean process = Files.isDirectory(dir.resolve("process"));
        if (http || process) {
            RuleSet h = http ? load(dir, "http", catalogue, strict) : empty();
            RuleSet p = process ? load(dir, "process", catalogue, strict) : empty();
            return List.of(h, p);
        }
        RuleSet all = load(dir, "http", catalogue, strict);
        List<Rule> h = new ArrayList<>();
        List<Rule> p = new ArrayList<>();
        for (Rule r : all.rules()) {
            (RuleSet.isProcessRule(r) ? p : h).add(r);
        }
        return List.of(new RuleSet(h, all.dataFiles(), all.unusedDataFiles(), all.problems()),
                new RuleSet(p, all.dataFiles(), List.of(), List.of()));
    }

    /**
     * One rule file read, checked against the schema (unless {@code schema} is null) and compiled: {@code error} for a file that
     * cannot be read or fails the schema (before the duplicate-id check), {@code compileError} for
     * one that fails to compile (after it).
     */
    private record Loaded(String source, String id, Rule rule, String error, String compileError, Exception cause) {
    }

    private static Loaded loadOne(String source, RuleFiles root, JsonSchema schema, RuleCompiler compiler) {
        String id = "?";
        JsonNode n;
        try {
            try (InputStream in = root.open(source)) {
                n = YAML.readTree(in);
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a YAML mapping");
            }
            id = n.path("id").asText("?");
            Set<ValidationMessage> errors = schema == null ? Set.of() : schema.validate(n);
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("schema: " + errors.stream()
                        .map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
            }
        } catch (IOException | RuntimeException e) {
            return new Loaded(source, id, null, e.getMessage(), null, e);
        }
        try {
            return new Loaded(source, id, compiler.compile(n, source), null, null, null);
        } catch (RuntimeException e) {
            return new Loaded(source, id, null, null, e.getMessage(), e);
        }
    }

    private static RuleSet empty() {
        return new RuleSet(List.of(), Map.of(), List.of(), List.of());
    }

    private static JsonSchema schema() {
        try (InputStream in = RuleLoader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the class path");
            }
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            // built in full now: files are checked against it in parallel, and a validator built
            // lazily by two threads at once is not safe
            schema.initializeValidators();
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readList(RuleFiles root, String p) {
        List<String> out = new ArrayList<>();
        for (String line : root.read(p).split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            out.add(t.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(new java.util.LinkedHashSet<>(out));
    }

    static Map<String, List<String>> copy(Map<String, List<String>> m) {
        return new LinkedHashMap<>(m);
    }
}
