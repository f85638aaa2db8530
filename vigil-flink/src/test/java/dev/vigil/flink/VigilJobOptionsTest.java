package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The job's command line: --help lists every option the parser takes, and nothing it does not. */
class VigilJobOptionsTest {
    @Test
    void helpNamesEveryOptionAndTheParserTakesThem() {
        assertThat(VigilJob.parse(new String[] {"--help"})).isNull();
        Matcher m = Pattern.compile("^\\s+(--[a-z-]+)", Pattern.MULTILINE).matcher(VigilJob.HELP);
        int n = 0;
        while (m.find()) {
            String option = m.group(1);
            n++;
            if (option.equals("--help")) {
                continue;
            }
            String[] args = switch (option) {
                case "--preview", "--sigma-deprecated" -> new String[] {option};
                case "--alert-format" -> new String[] {option, "ocsf"};
                case "--out-of-orderness", "--idleness", "--group-window", "--retention", "--state-ttl",
                     "--checkpoint-interval" -> new String[] {option, "30s"};
                default -> new String[] {option, "x"};
            };
            assertThat(VigilJob.parse(args)).as(option).isNotNull();
        }
        assertThat(n).isGreaterThan(15);
        assertThat(VigilJob.HELP).contains("--rules DIR|sigma:DIR", "--ti FILE");
        assertThatThrownBy(() -> VigilJob.parse(new String[] {"--max-alertz", "3"})).hasMessageContaining("--help");
    }
}
