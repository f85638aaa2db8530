package dev.vigil.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
