package dev.vigil.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AlertCatalogueTest {

    /** The first column of every table in docs/ALERTS.md: the catalogue must hold each of them. */
    private static final List<String> SPEC_TYPES = List.of(
            // web request family
            "TestAlert", "SqlInjectionAttempt", "CrossSiteScriptingAttempt", "CommandInjectionAttempt",
            "CodeInjectionAttempt", "PathTraversalAttempt", "RemoteFileInclusionAttempt", "SsrfAttempt",
            "SuspiciousUserAgent", "ScannerDetected", "WebFingerprinting", "SensitiveFileProbe",
            "PhpInUploadFolder", "WebShellRequest", "SpamReferrer", "HttpProtocolAbuse", "AnomalousPageAccess",
            "WordPressThemeInjection", "BruteForce", "ProbingBurst", "ThreatIntelClientIp",
            // workload runtime family
            "WebShellActivity", "CryptoMining", "CryptoMinerDownload", "ReconToolExecuted", "ReverseShell",
            "SuspiciousDownload", "RawCodeDownload", "CurlToDisk", "DownloadFromMaliciousSource",
            "SuspiciousDomainInCommandLine", "EncodedExecutableInCommandLine", "EncodedCommand",
            "CertutilAbuse", "DataExfiltration", "SuspiciousPhpExecution", "OffensivePowerShell",
            "CredentialAccessTool", "LinuxCommandOnWindows", "HighPrivilegeCommand", "SuspiciousProcessName",
            // added to the runtime family for what a web worker's user should never do
            "PersistenceMechanism", "IndicatorRemoval", "PermissionModification", "ServiceTampering",
            "SystemDiscovery",
            // other sources
            "DanglingDns", "ThreatIntelDnsQuery", "MaliciousSiteReputation");

    /** Types that ALERTS.md gives no tactic, on purpose. */
    private static final Set<String> NO_TACTICS = Set.of("TestAlert", "SpamReferrer");

    private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

    private static final Set<String> MITRE_TACTICS = Set.of(
            "Reconnaissance", "Resource Development", "Initial Access", "Execution", "Persistence",
            "Privilege Escalation", "Defense Evasion", "Credential Access", "Discovery", "Lateral Movement",
            "Collection", "Command and Control", "Exfiltration", "Impact");

    private final AlertCatalogue catalogue = AlertCatalogue.builtIn();

    @Test
    void holdsEveryTypeOfTheSpecAndNothingElse() {
        Set<String> names = catalogue.all().stream().map(AlertType::name).collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrderElementsOf(SPEC_TYPES);
    }

    @Test
    void everyTypeHasTacticsExceptTheDocumentedOnes() {
        for (AlertType t : catalogue.all()) {
            if (NO_TACTICS.contains(t.name())) {
                assertThat(t.tactics()).as(t.name()).isEmpty();
            } else {
                assertThat(t.tactics()).as(t.name()).isNotEmpty();
            }
            assertThat(t.tactics()).as(t.name() + " tactics are MITRE tactic names").allMatch(MITRE_TACTICS::contains);
        }
    }

    @Test
    void techniqueIdsAreWellFormed() {
        for (AlertType t : catalogue.all()) {
            assertThat(t.techniques()).as(t.name()).allMatch(id -> TECHNIQUE.matcher(id).matches());
        }
    }

    @Test
    void everyTypeTellsTheTriagerWhatItMeansAndWhatToDo() {
        for (AlertType t : catalogue.all()) {
            assertThat(t.remediation()).as(t.name()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(t.remediation()).as(t.name()).allMatch(step -> !step.isBlank());
            assertThat(t.description()).as(t.name()).isNotBlank();
            assertThat(t.family()).as(t.name()).isIn("web", "runtime", "other");
        }
    }

    @Test
    void familiesAndSeveritiesFollowTheSpec() {
        assertThat(catalogue.get("SqlInjectionAttempt").family()).isEqualTo("web");
        assertThat(catalogue.get("ReverseShell").family()).isEqualTo("runtime");
        assertThat(catalogue.get("DanglingDns").family()).isEqualTo("other");
        // "High / Medium" and "High / Low" in ALERTS.md: the first is the default.
        assertThat(catalogue.get("CertutilAbuse").severity()).isEqualTo(Severity.HIGH);
        assertThat(catalogue.get("DanglingDns").severity()).isEqualTo(Severity.HIGH);
        assertThat(catalogue.get("ScannerDetected").severity()).isEqualTo(Severity.LOW);
        assertThat(catalogue.get("TestAlert").test()).isTrue();
        assertThat(catalogue.all()).filteredOn(AlertType::test).extracting(AlertType::name).containsExactly("TestAlert");
        assertThat(catalogue.get("SsrfAttempt").techniques()).containsExactly("T1552.005");
        assertThat(catalogue.get("BruteForce").defender()).isEmpty();
        assertThat(catalogue.get("PhpInUploadFolder").defender()).isEqualTo("PhpInUploadFolder");
    }

    private static AlertCatalogue parse(String yaml) throws IOException {
        return AlertCatalogue.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static String entry(String name, String title, String severity) {
        return "  - name: " + name + "\n"
                + (title == null ? "" : "    title: " + title + "\n")
                + "    family: web\n"
                + "    severity: " + severity + "\n"
                + "    tactics: [Execution]\n"
                + "    techniques: [T1190]\n"
                + "    remediation: [one, two]\n";
    }

    @Test
    void aWellFormedCatalogueReads() throws IOException {
        AlertCatalogue c = parse("types:\n" + entry("Alpha", "Alpha alert", "medium") + entry("Beta", "Beta", "info"));
        assertThat(c.all()).extracting(AlertType::name).containsExactly("Alpha", "Beta");
        assertThat(c.get("Beta").severity()).isEqualTo(Severity.INFORMATIONAL);
    }

    @Test
    void missingTitleIsRejectedNamingTheType() {
        assertThatThrownBy(() -> parse("types:\n" + entry("Alpha", "A", "Low") + entry("NoTitleType", null, "Low")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NoTitleType")
                .hasMessageContaining("title");
    }

    @Test
    void unknownSeverityIsRejectedNamingTheType() {
        assertThatThrownBy(() -> parse("types:\n" + entry("LoudType", "Loud", "Critical")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LoudType")
                .hasMessageContaining("Critical");
    }

    @Test
    void duplicateNameIsRejectedNamingTheType() {
        assertThatThrownBy(() -> parse("types:\n" + entry("Twice", "First", "Low") + entry("Twice", "Second", "High")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Twice")
                .hasMessageContaining("duplicate");
    }

    @Test
    void remediationStepThatYamlReadsAsAMapIsRejectedNamingTheType() {
        String yaml = "types:\n  - name: ColonType\n    title: T\n    family: web\n    severity: Low\n"
                + "    remediation:\n      - Do this: then that\n      - Second step\n";
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ColonType")
                .hasMessageContaining("not plain text");
    }

    @Test
    void missingTypesListIsRejected() {
        assertThatThrownBy(() -> parse("kinds: []\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.yaml");
    }
}
