package dev.vigil.detect.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.catalogue.AlertCatalogue;
import dev.vigil.detect.Detection;
import dev.vigil.catalogue.Severity;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BehaviourDetectorsTest {
    static final AlertCatalogue C = AlertCatalogue.builtIn();

    @Nested
    class RuleFiles {
        @Test
        void theBuiltInRulesConfigureEveryDetector() {
            assertThat(BehaviourDetectors.defaults(C)).extracting(d -> d.getClass().getSimpleName())
                    .containsExactlyInAnyOrder("AnomalousPageAccessDetector", "BruteForceDetector",
                            "ProbingBurstDetector", "WebFingerprintingDetector", "WordPressThemeInjectionDetector");
        }

        @Test
        void badFilesAreNamedWithTheirRuleId(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
            java.nio.file.Path f = dir.resolve("x.yaml");
            java.nio.file.Files.writeString(f, "id: t.x\ntype: BruteForce\ndetector: brute-force\n"
                    + "params: {window_seconds: 60, min_failures: 1.5, max_clients: 10}\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BehaviourDetectors.load(dir, C))
                    .hasMessageContaining("x.yaml (rule t.x)").hasMessageContaining("min_failures");
            java.nio.file.Files.writeString(f, "id: t.y\ntype: BruteForce\ndetector: brute-force\n"
                    + "params: {window_seconds: 60, min_failures: 5, max_clients: 10, typo: 1}\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BehaviourDetectors.load(dir, C))
                    .hasMessageContaining("unknown parameter 'typo'");
            java.nio.file.Files.writeString(f, "id: t.z\ntype: BruteForce\ndetector: nope\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BehaviourDetectors.load(dir, C))
                    .hasMessageContaining("unknown detector 'nope'");
        }
    }

    @Nested
    class ProbingBurst {
        ProbingBurstDetector detector() {
            return new ProbingBurstDetector(C.get("ProbingBurst"), ProbingBurstDetector.Config.DEFAULT);
        }

        @Test
        void contentDiscoveryBurstIsRaisedOnceOnTheCrossingRequest() {
            Traffic t = new Traffic();
            for (int i = 0; i < 60; i++) {
                t.add(i / 2, "203.0.113.9", "GET", "/backup" + i + ".zip", 404);
            }
            List<Detection> d = t.run(detector());
            assertThat(d).singleElement().satisfies(x -> {
                assertThat(x.origin().line()).isEqualTo(20);
                assertThat(x.decoded()).contains("20 distinct missing paths").contains("/backup0.zip");
            });
        }

        @Test
        void browsingWithSomeBrokenLinksSlowScansAndRepeatsStayQuiet() {
            Traffic t = new Traffic();
            for (int i = 0; i < 100; i++) {
                t.add(i, "198.51.100.1", "GET", "/page" + i, 200);           // a busy reader
                t.add(i, "198.51.100.1", "GET", "/img/missing" + (i % 5) + ".png", 404);
                t.add(i * 10L, "198.51.100.2", "GET", "/probe" + i, 404);      // 1 per 10 s: below the rate
                t.add(i, "198.51.100.3", "GET", "/favicon.ico", 404);          // same path again and again
            }
            assertThat(t.run(detector())).isEmpty();
        }

        @Test
        void mostlySuccessfulClientsAreNotProbing() {
            Traffic t = new Traffic();
            for (int i = 0; i < 30; i++) {
                t.add(i, "198.51.100.4", "GET", "/gone" + i, 404);
                for (int k = 0; k < 3; k++) {
                    t.add(i, "198.51.100.4", "GET", "/ok" + i + "-" + k, 200);
                }
            }
            assertThat(t.run(detector())).isEmpty();
        }
    }

    @Nested
    class BruteForce {
        BruteForceDetector detector() {
            return new BruteForceDetector(C.get("BruteForce"), BruteForceDetector.Config.DEFAULT);
        }

        @Test
        void wordpressPasswordGuessingThenSuccessIsRaisedTwice() {
            Traffic t = new Traffic();
            for (int i = 0; i < 12; i++) {
                t.add(i * 5L, "203.0.113.7", "POST", "/wp-login.php", 200);
            }
            t.add(70, "203.0.113.7", "POST", "/wp-login.php", 302);
            List<Detection> d = t.run(detector());
            assertThat(d).hasSize(2);
            assertThat(d.get(0).ruleId()).isEqualTo(BruteForceDetector.RULE_ID);
            assertThat(d.get(0).origin().line()).isEqualTo(10);
            assertThat(d.get(1).severity()).isEqualTo(Severity.HIGH);
            assertThat(d.get(1).decoded()).contains("after 12 failed attempts");
        }

        @Test
        void basicAuthFailuresAndXmlrpcCount() {
            Traffic t = new Traffic();
            for (int i = 0; i < 10; i++) {
                t.add(i, "203.0.113.8", "GET", "/private/", 401);
                t.add(i, "203.0.113.9", "POST", "/xmlrpc.php", 200);
            }
            assertThat(t.run(detector())).hasSize(2);
        }

        @Test
        void aUserMistypingAFewTimesOrSlowFailuresStayQuiet() {
            Traffic t = new Traffic();
            t.add(0, "198.51.100.5", "POST", "/wp-login.php", 200);
            t.add(10, "198.51.100.5", "POST", "/wp-login.php", 200);
            t.add(20, "198.51.100.5", "POST", "/wp-login.php", 302);
            for (int i = 0; i < 20; i++) {
                t.add(i * 600L, "198.51.100.6", "POST", "/wp-login.php", 200); // one every 10 minutes
                t.add(i, "198.51.100.7", "GET", "/wp-login.php", 200);         // reading the form is no guess
            }
            assertThat(t.run(detector())).isEmpty();
        }
    }

    @Nested
    class WebFingerprinting {
        WebFingerprintingDetector detector() {
            return new WebFingerprintingDetector(C.get("WebFingerprinting"), WebFingerprintingDetector.Config.DEFAULT);
        }

        @Test
        void versionFileSweepIsRaised() {
            Traffic t = new Traffic();
            String[] files = {"/readme.html", "/license.txt", "/wp-includes/js/jquery/jquery.js", "/CHANGELOG.txt",
                "/wp-includes/css/dashicons.min.css", "/composer.json", "/misc/drupal.js"};
            for (int i = 0; i < files.length; i++) {
                t.add(i, "203.0.113.10", "GET", files[i], 200);
            }
            assertThat(t.run(detector())).singleElement()
                    .satisfies(d -> assertThat(d.decoded()).contains("6 version-revealing files"));
        }

        @Test
        void browsersLoadingCoreAssetsFromPagesStayQuiet() {
            Traffic t = new Traffic();
            for (int i = 0; i < 50; i++) {
                t.add(i, "198.51.100.8", "GET", "/wp-includes/js/file" + i + ".js", 200, "https://shop.example.com/", null);
            }
            t.add(60, "198.51.100.8", "GET", "/readme.html", 200);
            assertThat(t.run(detector())).isEmpty();
        }
    }

    @Nested
    class AnomalousPageAccess {
        AnomalousPageAccessDetector detector() {
            return new AnomalousPageAccessDetector(C.get("AnomalousPageAccess"),
                    new AnomalousPageAccessDetector.Config(3_600_000, 1000));
        }

        @Test
        void aNewAddressOnTheAdminAfterLearningIsRaisedOnce() {
            Traffic t = new Traffic();
            t.add(0, "198.51.100.20", "GET", "/wp-admin/", 200);           // the site owner, learnt
            t.add(4000, "198.51.100.20", "GET", "/wp-admin/edit.php", 200); // known: quiet
            t.add(4100, "203.0.113.66", "GET", "/wp-admin/", 200);          // new after learning
            t.add(4200, "203.0.113.66", "GET", "/wp-admin/users.php", 200); // same address again: quiet
            List<Detection> d = t.run(detector());
            assertThat(d).singleElement().satisfies(x -> {
                assertThat(x.origin().line()).isEqualTo(3);
                assertThat(x.decoded()).contains("learning period of 1 h");
            });
        }

        @Test
        void failedOrPublicPagesAndTheLearningPeriodStayQuiet() {
            Traffic t = new Traffic();
            t.add(0, "203.0.113.1", "GET", "/wp-admin/", 200);              // during learning
            t.add(4000, "203.0.113.2", "GET", "/wp-admin/", 302);           // redirected to login: no access
            t.add(4000, "203.0.113.3", "POST", "/wp-admin/admin-ajax.php", 200); // front-end ajax
            t.add(4000, "203.0.113.4", "GET", "/blog/admin-tips", 200);
            assertThat(t.run(detector())).isEmpty();
        }
    }

    @Nested
    class WordPressThemeInjection {
        WordPressThemeInjectionDetector detector() {
            return new WordPressThemeInjectionDetector(C.get("WordPressThemeInjection"),
                    WordPressThemeInjectionDetector.Config.DEFAULT);
        }

        @Test
        void editorSaveThenDirectRequestIsRaised() {
            Traffic t = new Traffic();
            t.add(0, "203.0.113.5", "POST", "/wp-admin/admin-ajax.php", 200,
                    "https://shop.example.com/wp-admin/theme-editor.php?file=404.php&theme=twentytwenty", null);
            t.add(90, "203.0.113.5", "GET", "/wp-content/themes/twentytwenty/404.php?c=id", 200);
            t.add(100, "203.0.113.5", "POST", "/wp-admin/plugin-editor.php?file=akismet%2Fakismet.php&plugin=akismet", 302);
            t.add(200, "203.0.113.6", "GET", "/wp-content/plugins/akismet/akismet.php", 200);
            List<Detection> d = t.run(detector());
            assertThat(d).hasSize(2);
            assertThat(d.get(0).decoded()).contains("/wp-content/themes/twentytwenty/404.php").contains("by 203.0.113.5");
            assertThat(d.get(1).origin().line()).isEqualTo(4);
        }

        @Test
        void themeFilesWithoutAnEditOrEditsOfOtherFilesStayQuiet() {
            Traffic t = new Traffic();
            t.add(0, "198.51.100.9", "GET", "/wp-content/themes/twentytwenty/functions.php", 200);
            t.add(10, "198.51.100.9", "GET", "/wp-admin/theme-editor.php?file=404.php&theme=twentytwenty", 200); // opened, not saved
            t.add(20, "198.51.100.9", "GET", "/wp-content/themes/twentytwenty/404.php", 200);
            t.add(30, "198.51.100.9", "POST", "/wp-admin/theme-editor.php?file=style.css&theme=twentytwenty", 200);
            t.add(40, "198.51.100.9", "GET", "/wp-content/themes/twentytwenty/index.php", 200);
            assertThat(t.run(detector())).isEmpty();
        }
    }
}
