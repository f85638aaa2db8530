package dev.vigil.rules.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Extracts from a regular expression a set of literals one of which every match must contain:
 * per top-level alternative, its longest run of plain characters that no quantifier makes
 * optional. Conservative: when unsure it returns null and the rule simply runs without prefilter.
 *
 * <p>Stateless and thread-safe.
 */
public final class RegexLiterals {
    private RegexLiterals() {
    }

    /** The literals (lower case), or null when some alternative has no usable literal. */
    public static List<String> required(String regex) {
        String re = regex;
        if (re.startsWith("(?i)")) {
            re = re.substring(4);
        } else if (re.startsWith("(?")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String alt : splitTop(re)) {
            String lit = longestRun(alt);
            if (lit == null || lit.length() < Prefilter.MIN_LITERAL) {
                return null;
            }
            out.add(lit.toLowerCase(Locale.ROOT));
        }
        return out.isEmpty() ? null : out;
    }

    private static List<String> splitTop(String re) {
        List<String> alts = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                alts.add(re.substring(start, i));
                start = i + 1;
            }
        }
        alts.add(re.substring(start));
        return alts;
    }

    private static String longestRun(String alt) {
        String best = "";
        StringBuilder run = new StringBuilder();
        int i = 0;
        int n = alt.length();
        while (i < n) {
            char c = alt.charAt(i);
            int tokenEnd;
            Character lit = null;
            if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                char e = alt.charAt(i + 1);
                tokenEnd = i + 2;
                if (!Character.isLetterOrDigit(e)) {
                    lit = e;
                } else if (e == 'x' || e == 'p' || e == 'P') {
                    return bestOf(best, run);
                }
            } else if (c == '[') {
                int j = i + 1;
                if (j < n && alt.charAt(j) == ']') {
                    j++;
                }
                while (j < n && alt.charAt(j) != ']') {
                    if (alt.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                tokenEnd = j + 1;
            } else if (c == '(') {
                int depth = 0;
                int j = i;
                for (; j < n; j++) {
                    char d = alt.charAt(j);
                    if (d == '\\') {
                        j++;
                    } else if (d == '(') {
                        depth++;
                    } else if (d == ')') {
                        if (--depth == 0) {
                            break;
                        }
                    }
                }
                tokenEnd = j + 1;
            } else if (c == '.' || c == '^' || c == '$') {
                tokenEnd = i + 1;
            } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == '|' || c == ')') {
                return null;
            } else {
                lit = c;
                tokenEnd = i + 1;
            }
            // a quantifier after the token decides whether the token is required
            char q = tokenEnd < n ? alt.charAt(tokenEnd) : 0;
            int after = tokenEnd;
            boolean optional = false;
            boolean repeated = false;
            if (q == '*' || q == '?') {
                optional = true;
                after++;
            } else if (q == '+') {
                repeated = true;
                after++;
            } else if (q == '{') {
                int close = alt.indexOf('}', tokenEnd);
                if (close < 0) {
                    return null;
                }
                optional = alt.startsWith("{0", tokenEnd);
                repeated = true;
                after = close + 1;
            }
            if (after < n && alt.charAt(after) == '?') {
                after++;
            }
            if (lit != null && !optional) {
                run.append(lit);
                if (repeated) {
                    best = bestOf(best, run);
                    run.setLength(0);
                }
            } else {
                best = bestOf(best, run);
                run.setLength(0);
            }
            i = after;
        }
        return bestOf(best, run);
    }

    private static String bestOf(String best, StringBuilder run) {
        return run.length() > best.length() ? run.toString() : best;
    }
}
