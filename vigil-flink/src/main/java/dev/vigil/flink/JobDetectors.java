package dev.vigil.flink;

import dev.vigil.analyze.process.WebWorkers;
import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detector;
import dev.vigil.detect.KeyedDetector;
import dev.vigil.detect.http.HttpRules;
import dev.vigil.detect.intel.ThreatIntelDetector;
import dev.vigil.detect.process.ProcessRules;
import dev.vigil.engine.Engine;
import dev.vigil.rules.load.RuleLoader;
import dev.vigil.rules.load.RuleSet;
import dev.vigil.sigma.SigmaLoader;
import dev.vigil.sigma.SigmaRuleSet;
import dev.vigil.ti.match.FeedSet;
import dev.vigil.ti.match.ThreatIntel;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The detectors a job runs: the built-in ones, and what {@code vigil scan --rules DIR|sigma:DIR
 * --ti FEED} adds, loaded with the same core loaders ({@link RuleLoader} for Vigil rule folders,
 * strictly; {@link SigmaLoader} for Sigma folders; the standard indicator loaders for feeds). The
 * folders and feeds are read where the job is built and shipped inside it as bytes, so task
 * managers need no copy of them; each task manager writes them to a temporary folder once, loads
 * them there and keeps the detectors (one set per class loader and content).
 *
 * <p>Keyed detectors are named by a slot: the detector's id, and {@code id#2}, {@code id#3}... for
 * a second detector of the same id (a rule folder's own process-lineage detector). Built-in
 * detectors keep their ids, so savepoints of a job without extra rules still fit.
 *
 * <p>Immutable; thread-safe.
 */
public final class JobDetectors implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rule files and feeds larger than this are refused where the job is built. */
    static final long MAX_BYTES = 256L << 20;

    /** One {@code --rules} folder: its files by relative path. */
    record Folder(boolean sigma, Map<String, byte[]> files) implements Serializable {}

    /** One {@code --ti} feed file. */
    record Feed(String name, byte[] bytes) implements Serializable {}

    private final boolean preview;
    private final List<Folder> folders;
    private final List<Feed> feeds;
    private final String minLevel;
    private final boolean sigmaDeprecated;
    private final String digest;

    /** The built-in detectors only. */
    public static final JobDetectors BUILT_IN = new JobDetectors(false, List.of(), List.of(), null, false);

    private JobDetectors(boolean preview, List<Folder> folders, List<Feed> feeds, String minLevel,
                         boolean sigmaDeprecated) {
        this.preview = preview;
        this.folders = List.copyOf(folders);
        this.feeds = List.copyOf(feeds);
        this.minLevel = minLevel;
        this.sigmaDeprecated = sigmaDeprecated;
        this.digest = digest();
    }

    /**
     * Reads the folders and feeds now.
     *
     * @param rules    {@code DIR} (Vigil rules) or {@code sigma:DIR} (Sigma rules), as {@code scan --rules}
     * @param feeds    threat-intel feed files, as {@code scan --ti}
     * @param minLevel Sigma rules: leave out rules below this level, or null
     * @throws IllegalArgumentException naming a folder or file that cannot be read, or a broken Vigil rule
     */
    public static JobDetectors of(List<String> rules, List<Path> feeds, boolean preview, String minLevel,
                                  boolean sigmaDeprecated) {
        List<Folder> folders = new ArrayList<>();
        for (String spec : rules) {
            boolean sigma = spec.startsWith("sigma:");
            String dir = sigma ? spec.substring("sigma:".length()) : spec;
            if (dir.isBlank() || !Files.isDirectory(Path.of(dir))) {
                throw new IllegalArgumentException("--rules " + spec + ": no such folder");
            }
            folders.add(new Folder(sigma, read(Path.of(dir))));
        }
        List<Feed> out = new ArrayList<>();
        for (Path f : feeds) {
            try {
                if (Files.size(f) > MAX_BYTES) {
                    throw new IllegalArgumentException("--ti " + f + ": over " + (MAX_BYTES >> 20) + " MiB");
                }
                out.add(new Feed(f.getFileName().toString(), Files.readAllBytes(f)));
            } catch (IOException e) {
                throw new IllegalArgumentException("--ti " + f + ": cannot read feed file (" + e.getMessage() + ")", e);
            }
        }
        JobDetectors d = new JobDetectors(preview, folders, out, minLevel, sigmaDeprecated);
        d.built(); // broken rules fail where the job is built, not on the cluster
        return d;
    }

    private static Map<String, byte[]> read(Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                byte[] b = Files.readAllBytes(p);
                total += b.length;
                if (total > MAX_BYTES) {
                    throw new IllegalArgumentException("--rules " + dir + ": over " + (MAX_BYTES >> 20) + " MiB of files");
                }
                files.put(dir.relativize(p).toString().replace('\\', '/'), b);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--rules " + dir + ": cannot read (" + e.getMessage() + ")", e);
        }
        return files;
    }

    private String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((preview + "|" + minLevel + "|" + sigmaDeprecated).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Folder f : folders) {
                md.update((byte) (f.sigma() ? 1 : 0));
                for (Map.Entry<String, byte[]> e : f.files().entrySet()) {
                    md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(e.getValue());
                }
            }
            for (Feed f : feeds) {
                md.update(f.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(f.bytes());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the rules and feeds give, built once per class loader and content. */
    private record Built(Engine engine, Map<String, KeyedDetector> keyed) {}

    private static final Map<String, Built> BUILT = new ConcurrentHashMap<>();

    private Built built() {
        return BUILT.computeIfAbsent(digest, k -> build());
    }

    private Built build() {
        AlertCatalogue c = AlertCatalogue.builtIn();
        List<Detector> extra = new ArrayList<>();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("vigil-flink-rules");
            for (int i = 0; i < folders.size(); i++) {
                Folder f = folders.get(i);
                Path dir = Files.createDirectory(tmp.resolve("rules-" + i));
                for (Map.Entry<String, byte[]> e : f.files().entrySet()) {
                    Path p = dir.resolve(e.getKey()).normalize();
                    if (!p.startsWith(dir)) {
                        throw new IllegalArgumentException("a rule file outside its folder: " + e.getKey());
                    }
                    Files.createDirectories(p.getParent());
                    Files.write(p, e.getValue());
                }
                // as scan --rules loads them (ScanRules in the CLI)
                if (f.sigma()) {
                    SigmaRuleSet set = SigmaLoader.load(dir, new SigmaLoader.Options(minLevel, sigmaDeprecated));
                    extra.add(set.detector());
                } else {
                    List<RuleSet> sets = RuleLoader.loadFolder(dir, c, true);
                    if (!sets.get(0).rules().isEmpty()) {
                        extra.add(HttpRules.detector(sets.get(0), preview));
                    }
                    if (!sets.get(1).rules().isEmpty()) {
                        extra.addAll(ProcessRules.detectors(sets.get(1), c, preview, WebWorkers.defaults()));
                    }
                }
            }
            ThreatIntel intel = null;
            if (!feeds.isEmpty()) {
                Path dir = Files.createDirectory(tmp.resolve("feeds"));
                List<Path> files = new ArrayList<>();
                for (int i = 0; i < feeds.size(); i++) {
                    Path p = dir.resolve(i + "-" + feeds.get(i).name().replaceAll("[^A-Za-z0-9._-]", "_"));
                    Files.write(p, feeds.get(i).bytes());
                    files.add(p);
                }
                intel = intel(files);
            }
            Engine.Builder b = Engine.builder().defaultDetectors(c, preview).detectors(extra).threads(1);
            if (intel != null) {
                b.detector(new ThreatIntelDetector(intel, c));
            }
            Map<String, KeyedDetector> keyed = new LinkedHashMap<>();
            for (KeyedDetector d : BuiltInDetectors.all()) {
                keyed.put(slot(keyed, d.id()), d);
            }
            for (Detector d : extra) {
                if (d instanceof KeyedDetector k) {
                    keyed.put(slot(keyed, k.id()), k);
                }
            }
            return new Built(b.build(), java.util.Collections.unmodifiableMap(keyed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try (Stream<Path> all = Files.walk(tmp)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary folder left behind
                }
            }
        }
    }

    private static String slot(Map<String, KeyedDetector> taken, String id) {
        String s = id;
        for (int n = 2; taken.containsKey(s); n++) {
            s = id + "#" + n;
        }
        return s;
    }

    /** The feeds in one snapshot, as scan --ti loads them: a feed refused is left out. */
    private static ThreatIntel intel(List<Path> files) {
        return FeedSet.load(files, Instant.now(), r -> { }).intel();
    }

    /** An engine with every detector: the parsers and stateless rules run from it ({@link LineParsing}). */
    Engine engine() {
        return built().engine();
    }

    /** The keyed detectors by slot, in the order the job adds them. */
    List<String> keyedSlots() {
        List<String> out = new ArrayList<>();
        for (KeyedDetector d : BuiltInDetectors.all()) {
            out.add(d.id());
        }
        Built b = built();
        for (String s : b.keyed().keySet()) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The keyed detector in {@code slot}. */
    KeyedDetector keyed(String slot) {
        if (this == BUILT_IN || folders.isEmpty()) {
            return BuiltInDetectors.byId(slot);
        }
        KeyedDetector d = built().keyed().get(slot);
        if (d == null) {
            throw new IllegalArgumentException("no keyed detector in slot " + slot);
        }
        return d;
    }

    boolean preview() {
        return preview;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobDetectors d && d.digest.equals(digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digest);
    }
}
