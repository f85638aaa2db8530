#!/usr/bin/env python3
r"""Check that rules keep matching their own examples when the examples are written the way attackers
hide commands and payloads.

A rule that knows the attack class matches the class however it is spelled; a rule that matches a
spelling loses the attack to a quote inside a word. This tool takes every `match` example of the
built-in rules (written from the class's documentation, never from scored rows), rewrites each one
with the evasions the shells, Windows and HTTP decoders allow, scans plain and rewritten forms with
Vigil in one run per kind, and reports per evasion how many examples the same rule still matches.

    tools/evasion-check.py                       # every evasion, both kinds, with ./vigil
    tools/evasion-check.py --vigil "java -jar vigil-cli/target/vigil.jar" --kind process --show 20

Process evasions (POSIX lines): a pair of quotes, a backslash, `$@` or an empty `$()` inside the
program's name, `${IFS}` for the first blank, the line wrapped in `sh -c '...'`, echoed into `sh` or
run by `xargs sh -c`. Windows lines: a caret inside the program's name, the line in upper case,
wrapped in `cmd /c "..."`, options opened by a dash instead of a slash. HTTP query values: encoded
twice, every byte percent-encoded, spaces as `+`, letters in random case; parameter names in array
form (`next[]=`). The evasions keep what runs the same (a dash for a slash only where the program's
parser takes both, as Windows' console programs do).

With --values it rewrites the values in the examples instead of their spelling: another public address
or a host name for a documentation address, https, /var/tmp or /dev/shm for /tmp, another port,
busybox nc for nc, wget for curl; on
Windows %TEMP%, $env:TEMP, %LOCALAPPDATA%\Temp or the full AppData\Local\Temp path for C:\Users\Public;
in HTTP another parameter name, a deeper path, other spellings of the loopback and metadata addresses,
other system files and climbs, another command or alert function. A loss there is a rule fitted to a
value of its example, or one that means to tell two values apart (a raw address from a host name, a drop
folder from an install folder, a service's root path from an application's): read it before changing
the rule.

Prints one line per evasion (kept/total and the share) and, with --show N, up to N examples each
that the rule no longer matches. Exits 0: it is a report, not a check.
"""
import argparse
import glob
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import urllib.parse

try:
    import yaml
except ImportError:
    sys.exit("evasion-check: needs PyYAML (apt-get install python3-yaml or pip install pyyaml)")

RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                     "vigil-core", "src", "main", "resources", "rules")
WINDOWS_HINT = re.compile(r"(?i)\.exe\b|[a-z]:\\|%\w+%|\\\\")
BASE64ISH = re.compile(r"^([A-Za-z0-9+/_=-]|%2[BbFf]|%3[Dd]){12,}$")
FIRST_WORD = re.compile(r"^(\s*)([A-Za-z][A-Za-z0-9_-]{2,})(?=[\s;|&]|$)")


def examples(kind):
    """(rule id, example) for each match example of the built-in rules of one kind."""
    out = []
    for path in sorted(glob.glob(os.path.join(RULES, kind, "**", "*.yaml"), recursive=True)):
        try:
            doc = yaml.safe_load(open(path, encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if not isinstance(doc, dict) or "id" not in doc:
            continue
        for ex in (doc.get("examples") or {}).get("match") or []:
            out.append((doc["id"], ex))
    return out


def in_word(line, insert):
    """`insert` placed after the first letter of the program's name, or None when the line has none."""
    m = FIRST_WORD.match(line)
    if not m:
        return None
    word = m.group(2)
    # after the first letter, unless a backslash would make it an escape that means something else
    # (\n and \t in a logged line are a line break and a tab): then after the next letter that is not one
    k = 1
    while insert == "\\" and k < len(word) and word[k] in "nt":
        k += 1
    if k >= len(word):
        return None
    return line[:m.start(2)] + word[:k] + insert + word[k:] + line[m.end(2):]


POSIX = {
    "quotes in the name": lambda c: in_word(c, "''"),
    "backslash in the name": lambda c: in_word(c, "\\"),
    "$@ in the name": lambda c: in_word(c, "$@"),
    "empty $() in the name": lambda c: in_word(c, "$()"),
    "${IFS} for a blank": lambda c: c.replace(" ", "${IFS}", 1) if " " in c else None,
    "inside sh -c": lambda c: "sh -c " + shlex.quote(c),
    "echoed into sh": lambda c: "echo " + shlex.quote(c) + " | sh",
    "inside xargs sh -c": lambda c: "echo x | xargs -I{} sh -c " + shlex.quote(c),
}
WINDOWS = {
    "caret in the name": lambda c: in_word(c, "^"),
    "upper case": lambda c: c.upper(),
    "inside cmd /c": lambda c: 'cmd /c "' + c.replace('"', '""') + '"' if "powershell" not in c.lower() else None,
    "dash for slash": lambda c: dashed(c),
}


def sub(pattern, value):
    """A rewrite that puts `value` (taken literally) where `pattern` matches, or None when nothing does."""
    rx = re.compile(pattern)
    return lambda c: rx.sub(lambda m: value, c) if rx.search(c) else None


# --values: the same attack with other values in it. Where a rule loses one, it was fitted to a value of its
# examples rather than to the class (or it means to tell the two apart: a raw address from a name, a drop
# folder from an install folder); read each loss before changing a rule.
DOC_ADDRESS = r"\b(203\.0\.113|198\.51\.100|192\.0\.2)\.\d{1,3}\b"
POSIX_VALUES = {
    "another public address": sub(DOC_ADDRESS, "91.213.50.74"),
    "a host name for the address": sub(DOC_ADDRESS, "cdn-sync.example.net"),
    "https for http": sub(r"\bhttp://", "https://"),
    "/var/tmp for /tmp": sub(r"(?<![\w/])/tmp/", "/var/tmp/"),
    "/dev/shm for /tmp": sub(r"(?<![\w/])/tmp/", "/dev/shm/"),
    "another port": sub(r"(?<=[:\s])(4444|4443|1337|9001|8080|31337)\b", "7443"),
    "busybox nc for nc": sub(r"(?<![\w/.-])nc(?=\s)", "busybox nc"),
    "wget -qO- for curl -s": sub(r"(?<![\w/.-])curl\s+-s(?=\s)", "wget -qO-"),
}
WINDOWS_VALUES = {
    "another public address": sub(DOC_ADDRESS, "91.213.50.74"),
    "a host name for the address": sub(DOC_ADDRESS, "cdn-sync.example.net"),
    "%TEMP% for Users\\Public": sub(r"(?i)C:\\Users\\Public\\", "%TEMP%\\"),
    "$env:TEMP for Users\\Public": sub(r"(?i)C:\\Users\\Public\\", "$env:TEMP\\"),
    "%LOCALAPPDATA%\\Temp for Users\\Public": sub(r"(?i)C:\\Users\\Public\\", "%LOCALAPPDATA%\\Temp\\"),
    "AppData\\Local\\Temp for %TEMP%": sub(r"(?i)%TEMP%\\", "C:\\Users\\dev\\AppData\\Local\\Temp\\"),
    "Users\\Public for ProgramData": sub(r"(?i)C:\\ProgramData\\", "C:\\Users\\Public\\"),
}
HTTP_VALUES = {
    "another parameter name": sub(r"(?<=[?&])(id|q|query|search|s|page|name|user|item|cat|x|a)=", "ref="),
    "a deeper path": sub(r"^/(?=[a-z])", "/shop/en-gb/"),
    "localhost for 127.0.0.1": sub(r"\b127\.0\.0\.1\b", "localhost"),
    "[::1] for 127.0.0.1": sub(r"\b127\.0\.0\.1\b", "[::1]"),
    "decimal 127.0.0.1": sub(r"\b127\.0\.0\.1\b", "2130706433"),
    "decimal metadata address": sub(r"\b169\.254\.169\.254\b", "2852039166"),
    "/etc/shadow for /etc/passwd": sub(r"/etc/passwd", "/etc/shadow"),
    "win.ini for /etc/passwd": sub(r"/etc/passwd", "/windows/win.ini"),
    "..\\ for ../": sub(r"\.\./", "..\\"),
    "....// for ../": sub(r"\.\./", "....//"),
    "whoami for id": sub(r"(?<=[;|&`(\s])id(?=[\s;|&`)]|$)", "whoami"),
    "confirm( for alert(": sub(r"\balert\(", "confirm("),
    "a host name for the address": sub(DOC_ADDRESS, "cdn-sync.example.net"),
}


def dashed(c):
    """Options opened by a dash instead of a slash; not for cmd.exe's own options, which take a slash only."""
    if not re.search(r"\s/[A-Za-z?]", c) or re.match(r"(?i)\s*\S*cmd(\.exe)?\"?\s", c):
        return None
    return re.sub(r"(?<=\s)/(?=[A-Za-z?])", "-", c)


def rand_case(raw, rng):
    """Letters of a value as written in random case, its %XX escapes left as they are."""
    out, k = [], 0
    while k < len(raw):
        if raw[k] == "%" and k + 2 < len(raw) + 0 and re.match(r"[0-9A-Fa-f]{2}", raw[k + 1:k + 3]):
            out.append(raw[k:k + 3])
            k += 3
            continue
        ch = raw[k]
        out.append(ch.swapcase() if ch.isalpha() and rng.random() < 0.5 else ch)
        k += 1
    return "".join(out)


def query_variants(target, rng):
    """Each HTTP evasion applied to the query values of `target` as written (None when it has no query)."""
    if "?" not in target:
        return {}
    path, query = target.split("?", 1)
    pairs = [p.split("=", 1) if "=" in p else [p, None] for p in query.split("&")]

    def rebuild(fn):
        return path + "?" + "&".join(k if v is None else k + "=" + fn(v) for k, v in pairs)
    return {
        # the value as written encoded once more: each % becomes %25
        "value encoded twice": rebuild(lambda v: urllib.parse.quote(v, safe="")),
        # decoded to its bytes, then every byte written as %XX
        "every byte encoded": rebuild(lambda v: "".join("%%%02X" % b for b in urllib.parse.unquote_to_bytes(v.replace("+", " ")))),
        "spaces as +": rebuild(lambda v: v.replace("%20", "+")),
        # (base64 and other case-sensitive text keep their case: changed, they mean something else)
        "letters in random case": rebuild(lambda v: v if BASE64ISH.match(v) else rand_case(v, rng)),
        # PHP, Rails and qs read name[]=v as the parameter name holding an array
        "names as arrays (name[]=)": path + "?" + "&".join(k if v is None else k + "[]=" + v for k, v in pairs),
    }


def run(vigil, fmt, lines):
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    try:
        p = subprocess.run(shlex.split(vigil) + ["scan", "--no-db", "--detections", "--format", "ndjson", "--input", fmt, path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        os.unlink(path)
    hits = {}
    for raw in p.stdout.decode("utf-8", "replace").splitlines():
        try:
            d = json.loads(raw)
        except ValueError:
            continue
        if isinstance(d.get("line"), int):
            hits.setdefault(d["line"], set()).add(d.get("rule"))
    return hits


def process_cases(values=False):
    cases = []  # (evasion, rule, example as written, event)
    for i, (rule, ex) in enumerate(examples("process")):
        if isinstance(ex, str):
            cmd, exe = ex, None
        elif isinstance(ex, dict) and isinstance(ex.get("cmdline"), str) and not ex.get("parent_exe"):
            cmd, exe = ex["cmdline"], ex.get("exe")
        else:
            continue
        windows = bool(WINDOWS_HINT.search(cmd)) or bool(exe and ("\\" in exe or exe.lower().endswith(".exe")))
        if exe is None:
            word = (cmd.split() or [""])[0].strip("\"'")
            exe = word if "/" in word or "\\" in word else (("C:\\Windows\\System32\\" + word + ".exe") if windows else "/usr/bin/" + word)
        forms = [("plain", cmd)]
        for name, fn in ((WINDOWS_VALUES if windows else POSIX_VALUES) if values else (WINDOWS if windows else POSIX)).items():
            v = fn(cmd)
            if v is not None and v != cmd:
                forms.append((name, v))
        for name, c in forms:
            ev = {"time": "2026-01-01T00:00:00Z", "host": "win-check" if windows else "linux-check", "pid": 100000 + len(cases),
                  "ppid": 1, "exe": exe, "cmdline": c, "user": "IIS APPPOOL\\site" if windows else "www-data"}
            cases.append((name, rule, c, json.dumps(ev)))
    return cases


def http_cases(rng, values=False):
    cases = []
    for rule, ex in examples("http"):
        target = ex if isinstance(ex, str) else ex.get("target") if isinstance(ex, dict) else None
        if not isinstance(target, str) or (isinstance(ex, dict) and set(ex) - {"target"}):
            continue
        variants = {n: fn(target) for n, fn in HTTP_VALUES.items()} if values else query_variants(target, rng)
        forms = [("plain", target)] + [(n, t) for n, t in variants.items() if t is not None and t != target]
        for name, t in forms:
            # a client of its own per line: rules that speak once per client must not hide a variant
            n = len(cases)
            line = '10.%d.%d.%d - - [01/Jan/2026:00:00:00 +0000] "GET %s HTTP/1.1" 200 512 "-" "Mozilla/5.0"' % (
                n >> 16 & 255, n >> 8 & 255, n & 255, t.replace("\\", "\\x5C").replace('"', "\\x22").replace(" ", "%20"))
            cases.append((name, rule, t, line))
    return cases


def report(kind, cases, hits, show):
    plain = {}
    for i, (name, rule, text, _) in enumerate(cases, 1):
        if name == "plain":
            plain[(rule, i)] = rule in hits.get(i, ())
    # an evasion counts only for examples whose plain form the rule matches in this run
    stats, lost = {}, {}
    last_plain = None
    for i, (name, rule, text, _) in enumerate(cases, 1):
        if name == "plain":
            last_plain = plain[(rule, i)]
            continue
        if not last_plain:
            continue
        kept = rule in hits.get(i, ())
        s = stats.setdefault(name, [0, 0])
        s[0] += kept
        s[1] += 1
        if not kept:
            lost.setdefault(name, []).append((rule, text))
    matched = sum(plain.values())
    print("%s: %d of %d examples matched by their rule as written" % (kind, matched, len(plain)))
    for name, (k, t) in stats.items():
        print("  %-26s %5d / %-5d %5.1f%%" % (name, k, t, 100.0 * k / t if t else 0))
        for rule, text in lost.get(name, [])[:show]:
            print("      lost  %-40s %s" % (rule, text[:110]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vigil", default="./vigil", help="command that runs Vigil (default ./vigil)")
    ap.add_argument("--kind", choices=["process", "http", "both"], default="both")
    ap.add_argument("--show", type=int, default=0, help="list up to N examples each evasion loses")
    ap.add_argument("--values", action="store_true",
                    help="rewrite the values in the examples (addresses, folders, parameter names...) instead of their spelling")
    a = ap.parse_args()
    rng = random.Random(7)
    if a.kind in ("process", "both"):
        cases = process_cases(a.values)
        report("process", cases, run(a.vigil, "process-json", [c[3] for c in cases]), a.show)
    if a.kind in ("http", "both"):
        cases = http_cases(rng, a.values)
        report("http", cases, run(a.vigil, "combined", [c[3] for c in cases]), a.show)


if __name__ == "__main__":
    main()
