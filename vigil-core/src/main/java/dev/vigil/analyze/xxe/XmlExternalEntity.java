package dev.vigil.analyze.xxe;

import java.util.Optional;

/**
 * Reads a decoded value as XML markup, the way an XML parser with DTD processing would, and
 * decides whether it declares or fetches something the parser resolves on the server: the XXE
 * (XML external entity) family of the XML 1.0 specification's document type declarations, and
 * XInclude.
 *
 * <ul>
 * <li>a document type declaration with an external identifier ({@code <!DOCTYPE r SYSTEM "uri">},
 *     {@code PUBLIC "id" "uri"}), which makes the parser fetch a DTD; the W3C's own public
 *     identifiers ({@code -//W3C//DTD XHTML ...}) are an HTML page's doctype and are left alone;</li>
 * <li>a document type declaration with an internal subset ({@code <!DOCTYPE r [ ... ]>});</li>
 * <li>an entity declaration, general or parameter ({@code <!ENTITY x SYSTEM "file:///...">},
 *     {@code <!ENTITY % p SYSTEM "http://...">}, {@code <!ENTITY x "...">} for entity expansion),
 *     also without its doctype, as a request that injects into a document's middle sends it;</li>
 * <li>XInclude: an {@code include} element in the XInclude namespace or with the {@code xi}
 *     prefix, or the namespace name itself;</li>
 * <li>the other markup declarations only a DTD holds, element type, attribute-list and notation
 *     ({@code <!ELEMENT r ANY>}, {@code <!ATTLIST r id ID #IMPLIED>}, {@code <!NOTATION n SYSTEM "x">}):
 *     a value carrying one is written into a document type, as XXE payloads sent in pieces are;</li>
 * <li>an {@code xml-stylesheet} processing instruction whose {@code href} names a URL scheme (an
 *     XSLT fetched and run by the server).</li>
 * </ul>
 * The value is also read through UTF-7 ({@code +ADw-} for {@code <}), which some XML parsers
 * honour from the encoding declaration and which filters that look for {@code <!} miss.
 *
 * <p>Keywords compare case-insensitively: the value is the rules' decoded, case-folded form, and
 * some lenient parsers accept any case. A declaration cut short (a literal left open because the
 * query string split it at a raw {@code &}) still counts: the keyword and the literal's opening
 * quote are the attack's shape.
 *
 * <p>Linear in the value's length: one pass over the {@code <} characters, each looking a bounded
 * distance ahead. Stateless and thread-safe.
 */
public final class XmlExternalEntity {

    static final int MAX_LEN = 8192;
    /** How far a declaration is read after its {@code <!}: names and identifiers are short. */
    private static final int WINDOW = 512;

    private XmlExternalEntity() {
    }

    /** As {@link #detect(String, String)} without the value as logged. */
    public static Optional<String> detect(String decoded) {
        return detect(decoded, null);
    }

    /**
     * @param decoded the rules' decoded, case-folded value
     * @param raw     the value as logged (percent-encoded, original case), or null: read only when
     *                the value is UTF-7, whose base64 runs need their case
     * @return a short reason (e.g. "external entity declaration"), or empty. Never throws.
     */
    public static Optional<String> detect(String decoded, String raw) {
        if (decoded == null || decoded.length() < 8) {
            return Optional.empty();
        }
        try {
            String s = decoded.length() > MAX_LEN ? decoded.substring(0, MAX_LEN) : decoded;
            String hit = s.indexOf('<') >= 0 ? read(s) : null;
            if (hit == null && s.indexOf('\\') >= 0) {
                // markup written as JavaScript/JSON string escapes (\u003c!DOCTYPE), which the JSON
                // layer in front of the XML parser undoes
                String u = dev.vigil.analyze.JsEscapes.decode(s);
                if (u != null && u.indexOf('<') >= 0) {
                    hit = read(u);
                    if (hit == null && u.contains("www.w3.org/2001/xinclude")) {
                        hit = "XInclude namespace";
                    }
                    if (hit != null) {
                        hit = hit + " (js escapes)";
                    }
                }
            }
            if (hit == null && s.contains("+adw")) {
                hit = read(utf7Markup(s));
            }
            if (hit == null && raw != null && (s.contains("utf-7") || s.contains("utf7"))) {
                // the encoding declaration says UTF-7: read the document as the parser would
                String r = raw.length() > MAX_LEN ? raw.substring(0, MAX_LEN) : raw;
                hit = read(Utf7.decode(dev.vigil.analyze.RawValues.percentDecode(r, 1)).toLowerCase(java.util.Locale.ROOT));
            }
            if (hit == null && s.contains("www.w3.org/2001/xinclude")) {
                hit = "XInclude namespace";
            }
            return Optional.ofNullable(hit);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every markup opener in {@code s}, read in turn. */
    private static String read(String s) {
        int n = s.length();
        for (int i = s.indexOf('<'); i >= 0 && i < n - 1; i = s.indexOf('<', i + 1)) {
            char c = s.charAt(i + 1);
            String hit = null;
            if (c == '!') {
                hit = declaration(s, i + 2);
            } else if (c == '?') {
                hit = processingInstruction(s, i + 2);
            } else if (nameStart(c)) {
                hit = element(s, i + 1);
            }
            if (hit != null) {
                return hit;
            }
        }
        return null;
    }

    /** A markup declaration after {@code <!}. */
    private static String declaration(String s, int at) {
        int end = Math.min(s.length(), at + WINDOW);
        if (startsWord(s, at, end, "doctype")) {
            return doctype(s, skipBlanks(s, at + 7, end), end);
        }
        if (startsWord(s, at, end, "entity")) {
            return entity(s, skipBlanks(s, at + 6, end), end);
        }
        if (startsWord(s, at, end, "element")) {
            return elementDeclaration(s, at + 7, end);
        }
        if (startsWord(s, at, end, "attlist")) {
            return attributeListDeclaration(s, at + 7, end);
        }
        if (startsWord(s, at, end, "notation")) {
            return notationDeclaration(s, at + 8, end);
        }
        return null;
    }

    /**
     * {@code <!ELEMENT name contentspec>} (XML 1.0, 3.2): the content is {@code EMPTY}, {@code ANY} or
     * a parenthesised model. Only a DTD holds one; a value that does is written into a document type
     * (an internal subset the application assembles, or an XXE payload sent in pieces).
     */
    private static String elementDeclaration(String s, int i, int end) {
        int j = nameThenBlanks(s, requiredBlanks(s, i, end), end);
        if (j < 0) {
            return null;
        }
        return startsWord(s, j, end, "empty") || startsWord(s, j, end, "any") || s.charAt(j) == '('
                ? "element type declaration (DTD markup)" : null;
    }

    /** {@code <!ATTLIST element attribute type default>} (XML 1.0, 3.3): a type keyword or an enumeration. */
    private static String attributeListDeclaration(String s, int i, int end) {
        int j = nameThenBlanks(s, nameThenBlanks(s, requiredBlanks(s, i, end), end), end);
        if (j < 0) {
            return null;
        }
        if (s.charAt(j) == '(') {
            return "attribute-list declaration (DTD markup)";
        }
        for (String type : ATTRIBUTE_TYPES) {
            if (startsWord(s, j, end, type)) {
                return "attribute-list declaration (DTD markup)";
            }
        }
        return null;
    }

    private static final String[] ATTRIBUTE_TYPES = {
        "cdata", "id", "idref", "idrefs", "entity", "entities", "nmtoken", "nmtokens", "notation"
    };

    /** {@code <!NOTATION name SYSTEM|PUBLIC "literal">} (XML 1.0, 4.7). */
    private static String notationDeclaration(String s, int i, int end) {
        int j = nameThenBlanks(s, requiredBlanks(s, i, end), end);
        if (j < 0 || !(startsWord(s, j, end, "system") || startsWord(s, j, end, "public"))) {
            return null;
        }
        int k = skipBlanks(s, j + 6, end);
        return k < end && quote(s.charAt(k)) ? "notation declaration (DTD markup)" : null;
    }

    /** The position after a Name at {@code at} and the blanks that must follow it, or -1 (also for {@code at} -1). */
    private static int nameThenBlanks(String s, int at, int end) {
        if (at < 0) {
            return -1;
        }
        int nameEnd = name(s, at, end);
        return nameEnd == at ? -1 : requiredBlanks(s, nameEnd, end);
    }

    /** The position after one or more blanks at {@code i}, or -1 when there is none or nothing follows. */
    private static int requiredBlanks(String s, int i, int end) {
        if (i < 0 || i >= end || !blank(s.charAt(i))) {
            return -1;
        }
        int j = skipBlanks(s, i, end);
        return j < end ? j : -1;
    }

    /** {@code <!DOCTYPE name ExternalID? [subset]?>}: after the keyword. */
    private static String doctype(String s, int i, int end) {
        int nameEnd = name(s, i, end);
        if (nameEnd == i) {
            return null; // "<!doctype" in prose, or a comment about it
        }
        int j = skipBlanks(s, nameEnd, end);
        if (j >= end) {
            return null;
        }
        if (s.charAt(j) == '[') {
            return "document type with internal subset";
        }
        boolean system = startsWord(s, j, end, "system");
        boolean publicId = !system && startsWord(s, j, end, "public");
        if (!system && !publicId) {
            return null; // <!DOCTYPE html>
        }
        int k = skipBlanks(s, j + 6, end);
        if (k >= end || !quote(s.charAt(k))) {
            return null;
        }
        if (publicId && w3cPublicId(s, k, end)) {
            return null; // an HTML or SVG page's own doctype, pasted into a form
        }
        return system ? "document type fetching an external DTD" : "document type with a public external DTD";
    }

    /** {@code <!ENTITY %? name (ExternalID | "literal")>}: after the keyword. */
    private static String entity(String s, int i, int end) {
        boolean parameter = false;
        if (i < end && s.charAt(i) == '%') {
            parameter = true;
            i = skipBlanks(s, i + 1, end);
        }
        int nameEnd = name(s, i, end);
        if (nameEnd == i || nameEnd >= end || !blank(s.charAt(nameEnd))) {
            return null;
        }
        int j = skipBlanks(s, nameEnd, end);
        if (j >= end) {
            return null;
        }
        String kind = parameter ? "parameter entity" : "entity";
        if (startsWord(s, j, end, "system") || startsWord(s, j, end, "public")) {
            int k = skipBlanks(s, j + 6, end);
            if (k < end && quote(s.charAt(k))) {
                return "external " + kind + " declaration";
            }
            return null;
        }
        if (quote(s.charAt(j))) {
            return kind + " declaration";
        }
        return null;
    }

    /** {@code <?xml-stylesheet ... href="scheme:...">}: an XSLT the server fetches and runs. */
    private static String processingInstruction(String s, int at) {
        int end = Math.min(s.length(), at + WINDOW);
        if (!s.startsWith("xml-stylesheet", at)) {
            return null;
        }
        int close = s.indexOf("?>", at);
        int stop = close < 0 || close > end ? end : close;
        int href = s.indexOf("href", at);
        if (href < 0 || href >= stop) {
            return null;
        }
        int j = skipBlanks(s, href + 4, stop);
        if (j >= stop || s.charAt(j) != '=') {
            return null;
        }
        j = skipBlanks(s, j + 1, stop);
        if (j < stop && quote(s.charAt(j))) {
            j++;
        }
        int scheme = j;
        while (j < stop && (s.charAt(j) >= 'a' && s.charAt(j) <= 'z')) {
            j++;
        }
        return j - scheme >= 2 && j < stop && s.charAt(j) == ':' ? "stylesheet fetched from a url" : null;
    }

    /** An element start tag at {@code at} (its name's first character): XInclude's include element. */
    private static String element(String s, int at) {
        int end = Math.min(s.length(), at + WINDOW);
        int nameEnd = name(s, at, end);
        int colon = s.indexOf(':', at);
        if (colon < 0 || colon >= nameEnd) {
            return null;
        }
        if (!s.regionMatches(colon + 1, "include", 0, 7) || colon + 8 != nameEnd) {
            return null;
        }
        // xi:include with any href or parse attribute, or another prefix bound to the namespace
        if (nameEnd - at == 10 && s.startsWith("xi", at)) {
            int close = s.indexOf('>', nameEnd);
            int stop = close < 0 || close > end ? end : close;
            int href = s.indexOf("href", nameEnd);
            int parse = s.indexOf("parse", nameEnd);
            if (href >= 0 && href < stop || parse >= 0 && parse < stop) {
                return "XInclude element";
            }
        }
        return null;
    }

    /**
     * Whether the public identifier literal at {@code q} is one of the W3C's ({@code -//W3C//DTD ...})
     * and the system literal after it, if any, is on the W3C's site: a parser fetches the system
     * literal, so a W3C identifier with a DTD elsewhere ({@code "-//W3C//DTD SVG 1.1//EN" "http://x/"})
     * is no page's own doctype.
     */
    private static boolean w3cPublicId(String s, int q, int end) {
        if (!s.startsWith("-//w3c//dtd", q + 1)) {
            return false;
        }
        int close = s.indexOf(s.charAt(q), q + 1);
        if (close < 0) {
            return false;
        }
        int k = skipBlanks(s, close + 1, end);
        if (k >= end || !quote(s.charAt(k))) {
            return true; // no system literal
        }
        return s.startsWith("http://www.w3.org/", k + 1) || s.startsWith("https://www.w3.org/", k + 1);
    }

    /**
     * The value with UTF-7 encoded markup characters decoded, one shifted run per character as
     * hand-written payloads spell them: {@code +ADw-} is {@code <}, {@code +AD4-} {@code >},
     * {@code +ACI-} a double quote, {@code +ACc-} a single quote, {@code +ACE-} {@code !},
     * {@code +ACU-} {@code %}, {@code +AD0-} {@code =}. Read from the case-folded value, where the
     * base64 letters of these characters stay unambiguous. Longer runs (several characters in one
     * base64 run) would need the value's original case and are not decoded.
     */
    static String utf7Markup(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '+' && i + 3 < n && s.charAt(i + 1) == 'a') {
                char m = utf7Char(s.charAt(i + 2), s.charAt(i + 3));
                if (m != 0) {
                    out.append(m);
                    i += 3;
                    if (i + 1 < n && s.charAt(i + 1) == '-') {
                        i++;
                    }
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The character whose UTF-16 code unit 0x00XY base64-encodes as {@code A}, {@code b}, {@code c} (folded). */
    private static char utf7Char(char b, char c) {
        if (b == 'c') {
            return switch (c) {
                case 'e' -> '!';
                case 'i' -> '"';
                case 'u' -> '%';
                case 'c' -> '\'';
                default -> 0;
            };
        }
        if (b == 'd') {
            return switch (c) {
                case 'w' -> '<';
                case '4' -> '>';
                case '0' -> '=';
                default -> 0;
            };
        }
        return 0;
    }

    /** The end of an XML Name at {@code i} (i itself when there is none); colons belong to names. */
    private static int name(String s, int i, int end) {
        if (i >= end || !nameStart(s.charAt(i))) {
            return i;
        }
        int j = i + 1;
        while (j < end && nameChar(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private static boolean nameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c > 0xbf;
    }

    private static boolean nameChar(char c) {
        return nameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.';
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean quote(char c) {
        return c == '"' || c == '\'';
    }

    private static int skipBlanks(String s, int i, int end) {
        while (i < end && blank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Whether {@code word} starts at {@code i} and ends there (a blank, quote, bracket or end follows). */
    private static boolean startsWord(String s, int i, int end, String word) {
        if (i + word.length() > end || !s.regionMatches(true, i, word, 0, word.length())) {
            return false;
        }
        int j = i + word.length();
        return j == s.length() || !nameChar(s.charAt(j));
    }
}
