package dev.vigil.analyze.code;

import java.util.Optional;

/**
 * Decides whether a decoded value carries code for a server-side interpreter other than the
 * shell or SQL: template expressions, server-side includes, prototype pollution keys and
 * serialised object gadgets.
 *
 * <ul>
 * <li>Template expressions: a delimited expression of Jinja/Twig/Django/Handlebars/Angular
 *     ({@code {{ }}}, {@code {% %}}), Java EL/SpEL/OGNL/Thymeleaf/JSF ({@code ${ }}, {@code #{ }},
 *     {@code *{ }}, {@code @{ }}, {@code ~{ }}, {@code %{ }}), ERB/JSP/ASP ({@code <% %>}), Razor
 *     ({@code @( )}), Freemarker directives ({@code <#assign}), Velocity directives
 *     ({@code #set(}), Smarty ({@code {php}}, {@code {$smarty.}}), whose content is code rather
 *     than a bare variable name: a call, member access, filter, arithmetic, index, string literal
 *     or statement keyword.</li>
 * <li>Server-side includes and edge-side includes: {@code <!--#exec}, {@code <!--#include},
 *     {@code <esi:include}.</li>
 * <li>Prototype pollution: {@code __proto__}, {@code constructor[prototype]} or
 *     {@code constructor.prototype} as a key.</li>
 * <li>Serialised gadgets: PHP ({@code O:8:"stdClass":}), Python pickle and PyYAML tags, Node
 *     serialize functions, .NET type names in JSON, Ruby Marshal and Java in base64.</li>
 * </ul>
 *
 * <p>Linear in the value's length (each opener looks a bounded distance ahead for its closer).
 * Stateless and thread-safe.
 */
public final class CodeInjection {

    static final int MAX_LEN = 8192;
    /** How far an opener looks for its closer: template expressions in payloads are short. */
    private static final int WINDOW = 200;

    private static final String[] STATEMENTS = {"if", "for", "set", "include", "import", "extends", "block",
        "macro", "call", "filter", "with", "load", "debug", "raw", "autoescape", "spaceless", "embed", "from",
        "endif", "endfor", "endblock", "endwith", "endraw", "else", "elif", "print", "do", "csrf_token", "url",
        "now", "cycle", "firstof", "templatetag", "widthratio", "verbatim", "each", "unless", "sandbox", "use",
        "apply", "trans", "get_admin_log", "lorem", "regroup", "ssi", "exec", "python"};

    private static final String[] FREEMARKER = {"assign", "list", "if", "include", "import", "macro", "function",
        "attempt", "setting", "ftl", "global", "local", "visit", "recurse", "compress", "escape", "noparse"};

    private static final String[] VELOCITY = {"set", "foreach", "if", "evaluate", "include", "parse", "macro",
        "define", "elseif"};

    /** Smarty built-in functions that compute, read files, evaluate or include. */
    private static final String[] SMARTY = {"math", "fetch", "eval", "include_php", "include", "insert", "config_load"};

    private static final String[] SSI = {"exec", "include", "echo", "config", "set", "printenv", "fsize",
        "flastmod", "if", "elif", "else", "endif"};

    /** ESI 1.0 elements and the Akamai ESI extensions. */
    private static final String[] ESI = {"include", "inline", "vars", "eval", "choose", "when", "otherwise",
        "try", "attempt", "except", "remove", "comment", "assign", "debug", "function", "return", "foreach",
        "break", "text", "dca"};

    private CodeInjection() {
    }

    /** @return a short reason (e.g. "{{ }} expression with call"), or empty. Never throws. */
    public static Optional<String> detect(String decoded) {
        if (decoded == null || decoded.length() < 4) {
            return Optional.empty();
        }
        try {
            Optional<String> wrapped = dev.vigil.analyze.Wrapped.read(decoded, true, CodeInjection::detect);
            if (wrapped != null) {
                return wrapped;
            }
            String s = decoded.length() > MAX_LEN ? decoded.substring(0, MAX_LEN) : decoded;
            // each family needs a character most values lack: one pass finds which are present
            int m = mask(s);
            String hit = (m & (LT | BRACE | HASH | AT)) != 0 ? templates(s) : null;
            if (hit == null && (m & LT) != 0) {
                hit = includes(s);
            }
            if (hit == null && (m & (UNDERSCORE | BRACKET | DOT)) != 0) {
                hit = prototype(s);
            }
            if (hit == null && ((m & (COLON | BANG | DOLLAR | UNDERSCORE | ZERO | PAREN)) != 0 || s.contains("/////"))) {
                hit = serialised(s, m);
            }
            return Optional.ofNullable(hit);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static final int LT = 1;
    private static final int BRACE = 2;
    private static final int HASH = 4;
    private static final int AT = 8;
    private static final int UNDERSCORE = 16;
    private static final int BRACKET = 32;
    private static final int DOT = 64;
    private static final int COLON = 128;
    private static final int BANG = 256;
    private static final int DOLLAR = 512;
    private static final int ZERO = 1024;
    private static final int QUOTE = 2048;
    private static final int PAREN = 4096;

    private static int mask(String s) {
        int m = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            switch (s.charAt(i)) {
                case '<': m |= LT; break;
                case '{': m |= BRACE; break;
                case '#': m |= HASH; break;
                case '@': m |= AT; break;
                case '_': m |= UNDERSCORE; break;
                case '[': m |= BRACKET; break;
                case '.': m |= DOT; break;
                case ':': m |= COLON; break;
                case '!': m |= BANG; break;
                case '$': m |= DOLLAR; break;
                case '0': m |= ZERO; break;
                case '"': m |= QUOTE; break;
                case '(': m |= PAREN; break;
                default: break;
            }
        }
        return m;
    }

    static String templates(String s) {
        int n = s.length();
        for (int i = 0; i + 1 < n; i++) {
            char c = s.charAt(i);
            char d = s.charAt(i + 1);
            if (c == '{' && d == '{') {
                int close = find(s, "}}", i + 2);
                if (close > 0 && close - i < WINDOW && code(s, i + 2, close, true)) {
                    return "{{ }} expression";
                }
            } else if (c == '{' && d == '%') {
                int close = find(s, "%}", i + 2);
                if (close > 0 && close - i < WINDOW && statement(s, i + 2, close)) {
                    return "{% %} statement";
                }
                if (close < 0 && statement(s, i + 2, Math.min(n, i + 40))) {
                    return "{% statement";
                }
            } else if (d == '{' && (c == '$' || c == '#' || c == '*' || c == '@' || c == '~' || c == '%')) {
                int close = find(s, "}", i + 2);
                if (close > 0 && close - i < WINDOW && code(s, i + 2, close, c != '$')) {
                    return c + "{ } expression";
                }
            } else if (c == '<' && d == '%') {
                int close = find(s, "%>", i + 2);
                int body = i + 2 < n && (s.charAt(i + 2) == '=' || s.charAt(i + 2) == '-') ? i + 3 : i + 2;
                if (close > body && close - i < WINDOW && code(s, body, close, true)) {
                    return "<% %> scriptlet";
                }
            } else if (c == '<' && d == '#') {
                if (word(s, i + 2, FREEMARKER) != null) {
                    return "freemarker directive";
                }
            } else if (c == '#' && word(s, i + 1, VELOCITY) != null) {
                String w = word(s, i + 1, VELOCITY);
                int after = i + 1 + w.length();
                if (after < n && s.charAt(after) == '(') {
                    return "velocity directive #" + w;
                }
            } else if (c == '@' && d == '(') {
                int close = find(s, ")", i + 2);
                if (close > 0 && close - i < WINDOW && code(s, i + 2, close, false)) {
                    return "razor expression";
                }
            } else if (c == '{' && (s.startsWith("php}", i + 1) || s.startsWith("$smarty", i + 1)
                    || s.startsWith("system(", i + 1) || s.startsWith("literal}", i + 1))) {
                return "smarty tag";
            } else if (c == '{' && word(s, i + 1, SMARTY) != null && smartyAttribute(s, i + 1 + word(s, i + 1, SMARTY).length())) {
                return "smarty function";
            } else if (c == '{' && (d == '$' || d == '\'' || d == '"') && smartyModifier(s, i + 1)) {
                return "smarty modifier";
            }
        }
        return null;
    }

    /**
     * Whether {@code s[from, to)} is code rather than a bare name: it calls, indexes, filters,
     * computes, quotes or reaches into a member. {@code memberCounts}: whether {@code a.b} alone
     * is enough (in {@code ${a.b}} it is also ordinary shell and JS interpolation).
     */
    private static boolean code(String s, int from, int to, boolean memberCounts) {
        boolean letters = false;
        boolean member = false;
        boolean digitOpDigit = false;
        int lastDigit = -10;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '(': case '[': case '|': case '\'': case '"': case '`': case '=':
                    return true;
                case '_':
                    if (i + 1 < to && s.charAt(i + 1) == '_') {
                        return true; // __class__
                    }
                    break;
                case '.':
                    if (memberCounts && i + 1 < to && (s.charAt(i + 1) >= 'a' && s.charAt(i + 1) <= 'z'
                            || s.charAt(i + 1) == '.' || s.charAt(i + 1) == '_')) {
                        member = true;
                    }
                    break;
                case '*': case '+': case '-': case '/': case '%': case '~':
                    if (i - lastDigit <= 2 || i + 1 < to && (Character.isDigit(s.charAt(i + 1))
                            || s.charAt(i + 1) == ' ' && i + 2 < to && Character.isDigit(s.charAt(i + 2)))) {
                        digitOpDigit = true;
                    }
                    if (c == '/' && i == skipBlank(s, from)) {
                        return true; // {{/each}}: a closing block tag
                    }
                    break;
                case '#': case '^': case '>': case '!': case '@': case '$':
                    if (i == skipBlank(s, from)) {
                        return true; // {{#each}} {{^x}} {{> partial}} {{!comment}} {{@index}}
                    }
                    break;
                default:
                    if (Character.isDigit(c)) {
                        lastDigit = i;
                    } else if (c >= 'a' && c <= 'z') {
                        letters = true;
                    }
            }
        }
        // a plain member chain is code when it is (nearly) the whole value, a probe for what the engine will print,
        // or when it reaches the engine; inside running text ("Dear {{ user.first_name }}, ...") it is template source
        return digitOpDigit && (lastDigit >= 0 || letters)
            || member && (s.length() - (to - from) <= 16 || interpreterObject(s, from, to));
    }

    /**
     * Template engines' own objects, through which an expression reaches the interpreter: Jinja's and
     * Flask's globals, Twig's {@code _self}, Django's settings, Tornado's handler, the process and
     * runtime objects of Node and Java.
     */
    private static final java.util.Set<String> ENGINE_OBJECTS = java.util.Set.of("request", "config", "self", "_self",
        "settings", "lipsum", "cycler", "joiner", "namespace", "url_for", "get_flashed_messages", "application",
        "environ", "handler", "os", "sys", "process", "global", "globalthis", "require", "runtime", "java", "system");

    /** Members that lead from any object to classes, globals, modules or the environment. */
    private static final java.util.Set<String> ESCAPE_MEMBERS = java.util.Set.of("constructor", "class", "mro",
        "subclasses", "globals", "builtins", "init", "import", "environ", "application", "popen", "getruntime",
        "mainmodule", "getclass", "forname", "classloader", "registerundefinedfiltercallback", "secret_key", "env",
        "module", "modules", "func_globals", "gi_frame", "f_globals");

    /**
     * Whether a member chain ({@code a.b.c}) starts at an engine object or passes a member that escapes to the
     * interpreter. A plain chain such as {@code user.first_name} or {@code loop.index} inside text is template
     * source that forms, mail templates and search boxes carry.
     */
    private static boolean interpreterObject(String s, int from, int to) {
        boolean first = true;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '_') {
                int e = i;
                while (e < to && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_')) {
                    e++;
                }
                String w = s.substring(i, e).toLowerCase(java.util.Locale.ROOT);
                int b = 0;
                int t = w.length();
                while (b < t && w.charAt(b) == '_') {
                    b++;
                }
                while (t > b && w.charAt(t - 1) == '_') {
                    t--;
                }
                if (first && ENGINE_OBJECTS.contains(w) || ESCAPE_MEMBERS.contains(w.substring(b, t))) {
                    return true;
                }
                first = false;
                i = e;
            } else {
                i++;
            }
        }
        return false;
    }

    /** {@code needle} within {@link #WINDOW} of {@code from}, or -1: keeps the scan linear. */
    private static int find(String s, String needle, int from) {
        int to = Math.min(s.length() - needle.length(), from + WINDOW);
        for (int i = from; i <= to; i++) {
            if (s.startsWith(needle, i)) {
                return i;
            }
        }
        return -1;
    }

    private static int skipBlank(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static boolean statement(String s, int from, int to) {
        int i = skipBlank(s, from);
        if (i < to && s.charAt(i) == '-') {
            i = skipBlank(s, i + 1); // {%- trim
        }
        return word(s, i, STATEMENTS) != null;
    }

    /** The word of {@code words} that starts at {@code i} and ends at a non-letter, or null. */
    /** After a Smarty function name: a blank and an attribute assignment ({@code {math equation="..."}}). */
    private static boolean smartyAttribute(String s, int i) {
        int n = s.length();
        if (i >= n || s.charAt(i) != ' ') {
            return false;
        }
        int j = skipBlank(s, i);
        int k = j;
        while (k < n && (s.charAt(k) >= 'a' && s.charAt(k) <= 'z' || s.charAt(k) == '_')) {
            k++;
        }
        return k > j && k < n && s.charAt(k) == '=';
    }

    /**
     * {@code {$var|modifier}} or {@code {'literal'|modifier:arg}}: a Smarty variable or literal
     * piped through a modifier, within one tag.
     */
    private static boolean smartyModifier(String s, int i) {
        int n = s.length();
        int j = i;
        if (s.charAt(i) == '$') {
            j++;
            while (j < n && (s.charAt(j) >= 'a' && s.charAt(j) <= 'z' || s.charAt(j) >= '0' && s.charAt(j) <= '9'
                    || s.charAt(j) == '_' || s.charAt(j) == '.')) {
                j++;
            }
            if (j == i + 1) {
                return false;
            }
        } else {
            int close = s.indexOf(s.charAt(i), i + 1);
            if (close < 0 || close - i > WINDOW) {
                return false;
            }
            j = close + 1;
        }
        if (j + 1 >= n || s.charAt(j) != '|' || !(s.charAt(j + 1) >= 'a' && s.charAt(j + 1) <= 'z')) {
            return false;
        }
        int k = j + 1;
        while (k < n && k - j < WINDOW && s.charAt(k) != '}' && s.charAt(k) != '{') {
            k++;
        }
        return k < n && s.charAt(k) == '}';
    }

    private static String word(String s, int i, String[] words) {
        for (String w : words) {
            int e = i + w.length();
            if (s.startsWith(w, i) && (e >= s.length() || !(s.charAt(e) >= 'a' && s.charAt(e) <= 'z' || s.charAt(e) == '_'))) {
                return w;
            }
        }
        return null;
    }

    static String includes(String s) {
        int at = s.indexOf("<!--#");
        while (at >= 0) {
            String w = word(s, skipBlank(s, at + 5), SSI);
            if (w != null) {
                return "server-side include #" + w;
            }
            at = s.indexOf("<!--#", at + 5);
        }
        // ESI 1.0 (W3C note) elements and Akamai's extensions: every <esi:name is an instruction
        // to the edge cache; the <!--esi ... --> comment form is how ESI probes test for processing.
        at = s.indexOf("<esi:");
        while (at >= 0) {
            if (word(s, at + 5, ESI) != null) {
                return "edge-side include";
            }
            at = s.indexOf("<esi:", at + 5);
        }
        at = s.indexOf("<!--esi");
        while (at >= 0) {
            int e = at + 7;
            if (e < s.length() && (s.charAt(e) == ' ' || s.charAt(e) == '\t' || s.charAt(e) == '\n' || s.charAt(e) == '-'
                    || s.charAt(e) == '<' || s.charAt(e) == '$')) {
                return "edge-side include";
            }
            at = s.indexOf("<!--esi", e);
        }
        return null;
    }

    static String prototype(String s) {
        // a key, so followed by an index, a member, a quote, an assignment or the end: "__proto__ vs prototype"
        // in a question is prose
        for (int p = s.indexOf("__proto__"); p >= 0; p = s.indexOf("__proto__", p + 9)) {
            int e = p + 9;
            if (e >= s.length() || "[].\"'=:".indexOf(s.charAt(e)) >= 0) {
                return "__proto__ key";
            }
        }
        int c = s.indexOf("constructor");
        while (c >= 0) {
            int e = c + 11;
            while (e < s.length() && (s.charAt(e) == '[' || s.charAt(e) == '.' || s.charAt(e) == '"'
                    || s.charAt(e) == '\'' || s.charAt(e) == ']' || s.charAt(e) == ' ')) {
                e++;
            }
            if (e > c + 11 && s.startsWith("prototype", e)) {
                return "constructor.prototype key";
            }
            c = s.indexOf("constructor", c + 11);
        }
        return null;
    }

    /**
     * Pickle protocol 0, which is text: the GLOBAL opcode naming a function that runs commands or code
     * ({@code cos\nsystem\n}) and the MARK that opens its argument tuple.
     */
    private static final java.util.regex.Pattern PICKLE_GLOBAL = java.util.regex.Pattern.compile(
        "(^|[^a-z0-9_])c(os|posix|nt|subprocess|builtins|commands|pty|socket|sys|importlib|platform|shutil|runpy|code"
            + "|ctypes|webbrowser|timeit)\\s+(system|popen[0-9]?|exec[a-z]{0,3}|spawn[a-z]{0,3}|check_output|check_call|call|run"
            + "|getoutput|getstatusoutput|eval|compile|__import__|import_module|run_path|run_module|open|cdll|loadlibrary)"
            + "\\s+(p\\d+\\s+)?\\(");

    private static final String[] PICKLE_MODULES = {"os", "posix", "nt", "subprocess", "builtins", "commands", "pty", "socket",
        "sys", "importlib", "platform", "shutil", "runpy", "code", "ctypes", "webbrowser", "timeit"};

    /** A 'c' that starts a word and is followed by one of the modules: the cheap test before the pattern runs. */
    private static boolean pickleModuleAt(String s) {
        for (int i = s.indexOf('c'); i >= 0; i = s.indexOf('c', i + 1)) {
            if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_')) {
                continue;
            }
            for (String mod : PICKLE_MODULES) {
                if (s.startsWith(mod, i + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String serialised(String s) {
        return serialised(s, mask(s));
    }

    static String serialised(String s, int m) {
        // PHP: O:<len>:"Class":<count>:{ and C:<len>:"Class":, a:<n>:{ (all need a colon; objects a quote)
        int first = (m & COLON) != 0 && (m & (QUOTE | BRACE)) != 0 ? s.indexOf(':') : -1;
        for (int i = first; i > 0 && i + 2 < s.length(); i = s.indexOf(':', i + 1)) {
            char t = s.charAt(i - 1);
            if ((t == 'o' || t == 'c') && (i == 1 || !Character.isLetterOrDigit(s.charAt(i - 2)))) {
                int j = i + 1;
                if (s.charAt(j) == '+') {
                    j++; // O:+8:"X": unserialize() reads a signed length, past filters that look for O:\d
                }
                int digits = j;
                while (j < s.length() && j - digits < 5 && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j > digits && j + 1 < s.length() && s.charAt(j) == ':' && s.charAt(j + 1) == '"') {
                    return "php serialised object";
                }
            }
            if (t == 'a' && (i == 1 || !Character.isLetterOrDigit(s.charAt(i - 2)))) {
                int j = i + 1;
                while (j < s.length() && j - i < 5 && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j > i + 1 && j + 2 < s.length() && s.charAt(j) == ':' && s.charAt(j + 1) == '{'
                        && (s.charAt(j + 2) == 'i' || s.charAt(j + 2) == 's') && j + 3 < s.length() && s.charAt(j + 3) == ':') {
                    return "php serialised array"; // a:2:{i:0;... or a:1:{s:4:...
                }
            }
        }
        if ((m & BANG) != 0 && (s.contains("!!python/") || s.contains("!!javax.") || s.contains("!!java.")
                || s.contains("!ruby/object"))) {
            return "yaml object tag";
        }
        if ((m & DOLLAR) != 0) {
            if (s.contains("_$$nd_func$$_")) {
                return "node-serialize function";
            }
            if (s.contains("\"$type\"") && (s.contains("system.") || s.contains("microsoft."))) {
                return ".net type name in json";
            }
        }
        if ((m & UNDERSCORE) != 0 && s.contains("c__builtin__")) {
            return "python pickle"; // a global opcode (its line break is compressed to a blank here)
        }
        if ((m & PAREN) != 0 && pickleModuleAt(s) && PICKLE_GLOBAL.matcher(s).find()) {
            return "python pickle";
        }
        // a BinaryFormatter stream's header, also inside an ASP.NET ViewState (/wEy: an ObjectStateFormatter
        // holding a BinaryFormatter object, as ysoserial.net's ViewState plugin writes)
        if (s.contains("aaeaaad/////") || (m & ZERO) != 0 && (s.contains("ro0ab") || s.contains("aced0005"))) {
            return "serialised object in base64";
        }
        return null;
    }
}
