package dev.vigil.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.render.TextTable.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    static TextTable alerts() {
        TextTable t = new TextTable(List.of(Column.fixed("ID", 0), Column.fixed("STATUS", 3), Column.fixed("SEVERITY", 0),
                Column.flexible("TYPE", 14, 0), Column.flexible("CLIENT IP", 9, 1), Column.flexible("HOST", 8, 4),
                Column.number("COUNT", 5), Column.fixed("LAST SEEN (UTC)", 2)));
        t.row("3f2a9c0d1e2f", "InProgress", "Informational", "EncodedExecutableInCommandLine", "2001:db8:ffff:1234:5678:9abc:def0:1",
                "shop-prod.azurewebsites.net", "12345", "2026-11-28 10:00:00");
        t.row("aaaaaaaaaaaa", "Active", "High", "TestAlert", "198.51.100.7", "-", "1", "2026-11-28 10:05:00");
        return t;
    }

    @Test
    void rowsFitEightyColumnsByShrinkingThenDroppingColumns() {
        List<String> lines = alerts().render(80, null);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(lines.get(0)).contains("ID").contains("SEVERITY").contains("TYPE").contains("LAST SEEN");
        assertThat(lines.get(1)).contains("3f2a9c0d1e2f").contains("Informational").contains("…");
        // the widest flexible cells gave up width before any column was dropped
        assertThat(alerts().render(170, null).get(1)).contains("shop-prod.azurewebsites.net")
                .contains("EncodedExecutableInCommandLine");
    }

    @Test
    void noLimitKeepsEveryCellWholeAndCountsAlignRight() {
        List<String> lines = alerts().render(0, null);
        assertThat(lines.get(1)).contains("2001:db8:ffff:1234:5678:9abc:def0:1").contains("EncodedExecutableInCommandLine");
        int end = lines.get(1).indexOf("12345") + 5;
        assertThat(lines.get(2).indexOf(" 1  ") + 2).isEqualTo(end);
    }

    @Test
    void veryNarrowTerminalsKeepTheEssentialColumns() {
        List<String> lines = alerts().render(40, null);
        assertThat(lines.get(0)).startsWith("ID").contains("SEVERITY").contains("TYPE").doesNotContain("HOST")
                .doesNotContain("COUNT");
    }

    @Test
    void coloursDoNotCountAsWidthAndInputIsSanitized() {
        TextTable t = new TextTable(List.of(Column.fixed("SEVERITY", 0), Column.flexible("HOST", 4, 0)));
        t.row("High", "evil\u001b[2Jhost");
        t.row("Low", "x");
        List<String> plain = t.render(0, null);
        List<String> coloured = t.render(0, (c, cell) -> c == 0 ? Ansi.ofLabel(cell) : null);
        assertThat(plain.get(1)).isEqualTo("High      evil\\x1B[2Jhost");
        assertThat(coloured.get(1)).isEqualTo(Ansi.BOLD_RED + "High" + Ansi.RESET + "      evil\\x1B[2Jhost");
        assertThat(coloured.get(2)).startsWith(Ansi.CYAN + "Low" + Ansi.RESET + "       x");
        assertThat(coloured.get(0)).doesNotContain("\u001b");
    }
}
