package dev.vigil.cli.render;

import dev.vigil.text.TerminalText;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table that fits a terminal: each column has a natural width (its widest cell), and
 * when the row is wider than the terminal the flexible columns (types, addresses, host names,
 * evidence) give up width first, down to their minimum, cut with an ellipsis; if that is still not
 * enough, the columns of lowest priority are left out. A width of 0 means "no limit" (output to a
 * pipe or a file keeps every cell whole). Cells are sanitized for the terminal
 * ({@link TerminalText#sanitize}); a column may be coloured by its value ({@link Ansi}), the colour
 * added after the padding so that escape codes never count as width.
 *
 * <p>Build once, add rows, {@link #render}; not thread-safe.
 */
public final class TextTable {
    /**
     * One column.
     *
     * @param header   its heading
     * @param min      the narrowest it may become when flexible
     * @param flexible whether it gives up width when the row is too wide
     * @param priority columns with the lowest priority are dropped first when shrinking is not
     *                 enough; 0 is never dropped
     * @param right    aligned to the right (counts)
     */
    public record Column(String header, int min, boolean flexible, int priority, boolean right) {
        public static Column fixed(String header, int priority) {
            return new Column(header, header.length(), false, priority, false);
        }

        public static Column flexible(String header, int min, int priority) {
            return new Column(header, min, true, priority, false);
        }

        public static Column number(String header, int priority) {
            return new Column(header, header.length(), false, priority, true);
        }
    }

    /** Colours a cell by its column index and raw text; returns null for no colour. */
    @FunctionalInterface
    public interface Colouring {
        String colour(int column, String cell);
    }

    private static final int GAP = 2;

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Adds a row; values are sanitized here, so callers pass input text as it came. */
    public TextTable row(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " cells, got " + cells.length);
        }
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = TerminalText.sanitize(cells[i], 4096);
        }
        rows.add(safe);
        return this;
    }

    /**
     * The lines of the table, header first.
     *
     * @param width     the terminal's width in columns, or 0 for no limit
     * @param colouring colours for cells, or null
     */
    public List<String> render(int width, Colouring colouring) {
        int n = columns.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = columns.get(i).header().length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        boolean[] shown = new boolean[n];
        java.util.Arrays.fill(shown, true);
        if (width > 0) {
            fit(w, shown, width);
        }
        List<String> out = new ArrayList<>(rows.size() + 1);
        String[] header = columns.stream().map(Column::header).toArray(String[]::new);
        out.add(line(header, w, shown, null));
        for (String[] r : rows) {
            out.add(line(r, w, shown, colouring));
        }
        return out;
    }

    private void fit(int[] w, boolean[] shown, int width) {
        while (total(w, shown) > width) {
            int excess = total(w, shown) - width;
            // shrink the widest flexible column that can still give, one step at a time
            int best = -1;
            for (int i = 0; i < w.length; i++) {
                Column c = columns.get(i);
                int floor = Math.max(c.min(), c.header().length());
                if (shown[i] && c.flexible() && w[i] > floor && (best < 0 || w[i] - floor > w[best] - floorOf(best))) {
                    best = i;
                }
            }
            if (best >= 0) {
                w[best] -= Math.min(excess, Math.max(1, (w[best] - floorOf(best) + 1) / 2));
                continue;
            }
            // nothing left to shrink: drop the visible column of lowest priority
            int drop = -1;
            for (int i = 0; i < w.length; i++) {
                if (shown[i] && columns.get(i).priority() > 0
                        && (drop < 0 || columns.get(i).priority() > columns.get(drop).priority())) {
                    drop = i;
                }
            }
            if (drop < 0) {
                return; // only essential columns left: let the terminal wrap
            }
            shown[drop] = false;
        }
    }

    private int floorOf(int i) {
        Column c = columns.get(i);
        return Math.max(c.min(), c.header().length());
    }

    private static int total(int[] w, boolean[] shown) {
        int t = 0;
        int k = 0;
        for (int i = 0; i < w.length; i++) {
            if (shown[i]) {
                t += w[i];
                k++;
            }
        }
        return t + Math.max(0, k - 1) * GAP;
    }

    private String line(String[] cells, int[] w, boolean[] shown, Colouring colouring) {
        StringBuilder b = new StringBuilder();
        int last = -1;
        for (int i = 0; i < cells.length; i++) {
            if (shown[i]) {
                last = i;
            }
        }
        for (int i = 0; i < cells.length; i++) {
            if (!shown[i]) {
                continue;
            }
            String cell = cells[i];
            if (cell.length() > w[i]) {
                cell = w[i] <= 1 ? cell.substring(0, w[i]) : cell.substring(0, w[i] - 1) + "…";
            }
            String pad = " ".repeat(w[i] - cell.length());
            String colour = colouring == null ? null : colouring.colour(i, cells[i]);
            String shownCell = colour == null ? cell : colour + cell + Ansi.RESET;
            if (columns.get(i).right()) {
                b.append(pad).append(shownCell);
            } else {
                b.append(shownCell);
                if (i != last) {
                    b.append(pad);
                }
            }
            if (i != last) {
                b.append(" ".repeat(GAP));
            }
        }
        return b.toString().stripTrailing();
    }
}
