package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the core, checked on its compiled classes: what the design says
 * (docs/architecture.md) holds in the code, and a change that breaks it fails here with the
 * offending class and line.
 */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.vigil");
    }

    @Test
    void coreImportsNoCliStoreServerFlinkOrDatabase() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.vigil.cli..", "dev.vigil.store..", "dev.vigil.server..", "dev.vigil.flink..",
                        "java.sql..", "javax.sql..", "org.apache.flink..", "org.apache.kafka..", "io.javalin..",
                        "jakarta.servlet..", "org.eclipse.jetty..", "picocli..")
                .because("the core runs in the CLI, the server and a Flink job alike; those choose sources and sinks")
                .check(core);
    }

    @Test
    void keyedStateDependsOnNothingButTheJdk() {
        noClasses().that().resideInAPackage("dev.vigil.state..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.vigil.state..", "java..")
                .because("a Flink-backed implementation must be able to stand in for it")
                .check(core);
    }

    @Test
    void detectorsDoNotDependOnTheEngine() {
        noClasses().that().resideInAPackage("dev.vigil.detect..")
                .should().dependOnClassesThat().resideInAPackage("dev.vigil.engine..")
                .because("detectors run unchanged outside Vigil's own engine (on Flink keyed state)")
                .check(core);
    }

    @Test
    void parsersDoNotDependOnDetectionOrAlerts() {
        noClasses().that().resideInAPackage("dev.vigil.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.detect..", "dev.vigil.rules..",
                        "dev.vigil.alert..", "dev.vigil.engine..", "dev.vigil.export..")
                .because("parsers turn lines into events and nothing more")
                .check(core);
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("dev.vigil.(**)").should().beFreeOfCycles()
                .because("each package must be understandable, testable and replaceable on its own; a cycle "
                        + "makes two packages one (docs/architecture.md lists the layers)")
                .check(core);
    }

    @Test
    void theAlertCatalogueStandsAlone() {
        noClasses().that().resideInAPackage("dev.vigil.catalogue..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.vigil.catalogue..", "java..",
                        "com.fasterxml.jackson..")
                .because("alert types, severities and MITRE ids are shared by detection, alerts, stores and "
                        + "exports; they must not pull detection in")
                .check(core);
    }

    @Test
    void analysersReadTextAndNothingElse() {
        noClasses().that().resideInAPackage("dev.vigil.analyze..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.rules..", "dev.vigil.detect..",
                        "dev.vigil.engine..", "dev.vigil.alert..", "dev.vigil.ingest..", "dev.vigil.state..")
                .because("the grammar analysers (SQL, HTML, shell, paths, hosts) are pure functions of a "
                        + "decoded value that rules, Sigma and detectors all call")
                .check(core);
    }

    @Test
    void theRuleLanguageKnowsNoDetectorOrEngine() {
        noClasses().that().resideInAPackage("dev.vigil.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.detect..", "dev.vigil.sigma..",
                        "dev.vigil.engine..", "dev.vigil.alert..", "dev.vigil.incident..", "dev.vigil.export..")
                .because("rules compile to matchers that detectors run; the language must not know who runs it")
                .check(core);
    }

    @Test
    void detectionKnowsNothingOfAlertsOrOutputs() {
        noClasses().that().resideInAnyPackage("dev.vigil.detect..", "dev.vigil.sigma..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.alert..", "dev.vigil.incident..",
                        "dev.vigil.export..", "dev.vigil.engine..")
                .because("detectors emit detections; grouping them into alerts and writing them out is "
                        + "the next stage's business, so any runtime (CLI, server, Flink) can reuse both")
                .check(core);
    }

    @Test
    void alertsAndOutputsKnowNothingOfParsingOrMatching() {
        noClasses().that().resideInAnyPackage("dev.vigil.alert..", "dev.vigil.incident..", "dev.vigil.export..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.ingest..", "dev.vigil.rules..",
                        "dev.vigil.analyze..", "dev.vigil.engine..", "dev.vigil.state..")
                .because("alerts are built from detections alone")
                .check(core);
    }

    @Test
    void onlyEntryPointsUseThePipelines() {
        noClasses().that().resideOutsideOfPackage("dev.vigil.pipeline..")
                .should().dependOnClassesThat().resideInAPackage("dev.vigil.pipeline..")
                .because("the pipelines (a scan, a watch) compose everything below them; the CLI, the server "
                        + "and the benchmarks run them, nothing in the core does")
                .check(core);
    }

    @Test
    void coreHasNoTerminalRendering() {
        noClasses().should().resideInAnyPackage("dev.vigil.output..", "..render..")
                .because("tables and colours are the CLI's (vigil-cli dev.vigil.cli.render); the core gives data")
                .check(core);
    }
}
