#!/usr/bin/env python3
"""A reference Sigma evaluator, written from the Sigma specification independently of Vigil's
Java code, to check Vigil's compiled Sigma matcher: it reads Sigma rules and Vigil process-JSON
lines and prints one `LINE<TAB>sigma:ID` per match, slowly and plainly (one rule at a time, Python
`re`).

  python3 tools/sigma-reference.py RULES_DIR EVENTS.jsonl > ref.tsv
  python3 tools/sigma-reference.py RULES_DIR EVENTS.jsonl --compare vigil-detections.ndjson

With --compare it reads Vigil's `scan --detections --format ndjson` output and prints the
(line, rule) pairs only one side has, per rule.

Interpretation (as docs/sigma.md states for Vigil): logsource process_creation (windows, linux or
none); fields as logged, compared without case unless `cased`; `re` case-sensitive unless `i`;
null or '' = the field is absent or empty; keywords are searched (contains) in the command line,
the executable and their parent counterparts; an event is Windows when an `os` field says so, or
its executable has a backslash or ends in .exe, or (with no executable) its command line starts
with a drive or UNC path or an .exe word; cidr blocks match addresses of their own family (Python's
ipaddress). Rules Vigil skips (other logsources, aggregations...) are skipped here too, and so are
examples files (NAME.examples.yml, see docs/sigma.md).
"""
import base64, collections, ipaddress, json, os, re, sys

import yaml

FIELDS = {"image": "exe", "commandline": "cmdline", "parentimage": "parent_exe",
          "parentcommandline": "parent_cmdline", "user": "user", "currentdirectory": "cwd"}
EXTRA = ["OriginalFileName", "Description", "Product", "Company", "FileVersion", "Hashes",
         "IntegrityLevel", "LogonId", "ParentUser"]
KEYWORD_FIELDS = ["cmdline", "exe", "parent_cmdline", "parent_exe"]
DASHES = "-/\u2013\u2014\u2015"


class Skip(Exception):
    pass


def field_key(name):
    k = FIELDS.get(name.lower())
    if k:
        return k
    for e in EXTRA:
        if e.lower() == name.lower():
            return e
    raise Skip("unmapped field " + name)


def sigma_to_regex(value, op):
    """Sigma wildcards and escapes to a Python regex for op (eq, contains, startswith, endswith)."""
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value) and value[i + 1] in "*?\\":
            out.append(re.escape(value[i + 1]))
            i += 2
            continue
        out.append(".*" if c == "*" else "." if c == "?" else re.escape(c))
        i += 1
    body = "".join(out)
    if op in ("contains", "endswith"):
        body = ".*" + body
    if op in ("contains", "startswith"):
        body = body + ".*"
    return "^" + body + "$"


def windash(value):
    spots = [m.start() for m in re.finditer(r"(?<!\w)[-/](?=\w)", value)]
    outs = [value]
    for s in spots:
        outs = [v[:s] + d + v[s + 1:] for v in outs for d in DASHES]
    return outs


def b64offsets(raw):
    res = []
    for i in range(3):
        enc = base64.b64encode(b" " * i + raw).decode()
        start = (0, 2, 3)[i]
        end_cut = (0, 3, 2)[(len(raw) + i) % 3]
        res.append(enc[start:len(enc) - end_cut] if end_cut else enc[start:])
    return res


def compile_values(mods, values):
    """A predicate over one field value (a string or None) for a field item."""
    op = "eq"
    for m in ("contains", "startswith", "endswith"):
        if m in mods:
            op = m
    known = {"contains", "startswith", "endswith", "all", "cased", "re", "i", "m", "s", "windash", "base64",
             "base64offset", "wide", "utf16le", "utf16be", "utf16", "exists", "fieldref", "cidr", "lt", "lte",
             "gt", "gte", "neq"}
    for m in mods:
        if m not in known:
            raise Skip("modifier " + m)
    if "exists" in mods:
        want = bool(values[0])
        return lambda v, ev: (v is not None and v != "") == want
    preds = []
    if "cidr" in mods:
        # each family matches its own addresses (an IPv4-mapped address is IPv6), as ipaddress says
        nets = []
        for val in values:
            try:
                nets.append(ipaddress.ip_network(str(val).strip(), strict=False))
            except ValueError:
                raise Skip("cidr " + str(val))

        def in_nets(v, ev, nets=nets):
            if v is None:
                return False
            t = v.strip()
            if t.startswith("[") and t.endswith("]"):
                t = t[1:-1]
            try:
                a = ipaddress.ip_address(t.split("%")[0])
            except ValueError:
                return False
            return any(a.version == n.version and a in n for n in nets)
        preds = [lambda v, ev, n=n: in_nets(v, ev, [n]) for n in nets]
    elif "fieldref" in mods:
        for val in values:
            other = field_key(str(val))

            def ref(v, ev, other=other):
                o = ev.get(other)
                if v is None or v == "" or o is None or o == "":
                    return False
                if "cased" not in mods:
                    v, o = v.lower(), o.lower()
                return {"eq": v == o, "contains": o in v, "startswith": v.startswith(o),
                        "endswith": v.endswith(o)}[op]
            preds.append(ref)
    elif any(m in mods for m in ("lt", "lte", "gt", "gte")):
        cmp = next(m for m in ("lt", "lte", "gt", "gte") if m in mods)
        for val in values:
            try:
                x = int(str(val).strip())
            except ValueError:
                raise Skip(cmp + " " + str(val))

            def num(v, ev, x=x):
                if v is None or not re.fullmatch(r"-?\d{1,18}", v.strip()):
                    return False
                n = int(v.strip())
                return {"lt": n < x, "lte": n <= x, "gt": n > x, "gte": n >= x}[cmp]
            preds.append(num)
    for val in ([] if preds else values):
        if val is None or val == "":
            preds.append(lambda v, ev: v is None or v == "")
            continue
        if "re" in mods:
            flags = (re.I if "i" in mods else 0) | (re.M if "m" in mods else 0) | (re.S if "s" in mods else 0)
            try:
                rx = re.compile(str(val), flags)
            except re.error as e:
                raise Skip("regex " + str(e))
            preds.append(lambda v, ev, rx=rx: v is not None and v != "" and rx.search(v) is not None)
            continue
        s = str(val).lower() if isinstance(val, bool) else str(val)
        variants = [s]
        encoded = False
        for m in mods:
            if m == "windash":
                variants = [w for v in variants for w in windash(v)]
            elif m in ("wide", "utf16le"):
                variants = [v.encode("utf-16-le").decode("latin-1") for v in variants]
            elif m == "base64":
                variants = [base64.b64encode(v.encode("latin-1") if "wide" in mods or "utf16le" in mods
                                             else v.encode()).decode() for v in variants]
                encoded = True
            elif m == "base64offset":
                variants = [o for v in variants for o in b64offsets(
                    v.encode("latin-1") if "wide" in mods or "utf16le" in mods else v.encode())]
                encoded = True
        flags = re.S | (0 if "cased" in mods else re.I)
        rxs = []
        for v in variants:
            if encoded:
                v = v.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
            rxs.append(re.compile(sigma_to_regex(v, op), flags))
        preds.append(lambda v, ev, rxs=rxs: v is not None and v != "" and any(r.match(v) for r in rxs))
    if "all" in mods:
        p = lambda v, ev: all(q(v, ev) for q in preds)
    else:
        p = lambda v, ev: any(q(v, ev) for q in preds)
    if "neq" in mods:
        return lambda v, ev: not p(v, ev)
    return p


def compile_item(key, value):
    parts = key.split("|")
    name, mods = parts[0], [m.lower() for m in parts[1:]]
    values = value if isinstance(value, list) else [value]
    pred = compile_values(mods, values)
    if name == "":
        return lambda ev: any(pred(ev.get(f), ev) for f in KEYWORD_FIELDS)
    f = field_key(name)
    return lambda ev: pred(ev.get(f), ev)


def compile_selection(node):
    if isinstance(node, dict):
        items = [compile_item(k, v) for k, v in node.items()]
        return lambda ev: all(i(ev) for i in items)
    if isinstance(node, list):
        subs = []
        kws = [x for x in node if not isinstance(x, dict)]
        if kws:
            subs.append(compile_item("|contains", kws))
        subs += [compile_selection(x) for x in node if isinstance(x, dict)]
        return lambda ev: any(s(ev) for s in subs)
    return compile_item("|contains", [node])


def parse_condition(text, sels):
    toks = re.findall(r"\(|\)|[^\s()]+", text)
    pos = [0]

    def peek():
        return toks[pos[0]].lower() if pos[0] < len(toks) else None

    def take():
        pos[0] += 1
        return toks[pos[0] - 1]

    def orx():
        a = [andx()]
        while peek() == "or":
            take()
            a.append(andx())
        return a[0] if len(a) == 1 else (lambda ev, a=a: any(x(ev) for x in a))

    def andx():
        a = [notx()]
        while peek() == "and":
            take()
            a.append(notx())
        return a[0] if len(a) == 1 else (lambda ev, a=a: all(x(ev) for x in a))

    def notx():
        if peek() == "not":
            take()
            x = notx()
            return lambda ev: not x(ev)
        return prim()

    def prim():
        t = take()
        if t == "(":
            x = orx()
            take()
            return x
        if t.lower() in ("1", "any", "all") and peek() == "of":
            take()
            pat = take()
            if pat.lower() == "them":
                names = [n for n in sels if not n.startswith("_")]
            else:
                rx = re.compile("^" + ".*".join(re.escape(p) for p in pat.split("*")) + "$")
                names = [n for n in sels if rx.match(n)]
            if not names:
                raise Skip("no identifier for " + pat)
            fs = [sels[n] for n in names]
            if t.lower() == "all":
                return lambda ev: all(f(ev) for f in fs)
            return lambda ev: any(f(ev) for f in fs)
        if t not in sels:
            raise Skip("undefined " + t)
        return sels[t]

    x = orx()
    if pos[0] != len(toks):
        raise Skip("trailing tokens")
    return x


def load_rules(root):
    rules = []
    for dp, dn, fn in os.walk(root):
        dn[:] = sorted(d for d in dn if not d.startswith("."))
        for f in sorted(fn):
            if not f.endswith((".yml", ".yaml")) or f.startswith(".") or f.lower().endswith((".examples.yml", ".examples.yaml")):
                continue
            try:
                docs = list(yaml.safe_load_all(open(os.path.join(dp, f), encoding="utf-8")))
                if len(docs) != 1:
                    continue
                d = docs[0]
                ls = d.get("logsource") or {}
                if ls.get("category") != "process_creation" or (ls.get("product") or "") not in ("", "windows", "linux"):
                    continue
                det = d["detection"]
                if "timeframe" in det:
                    continue
                conds = det["condition"] if isinstance(det["condition"], list) else [det["condition"]]
                if any("|" in c for c in conds):
                    continue
                sels = {k: compile_selection(v) for k, v in det.items() if k not in ("condition", "timeframe")}
                cs = [parse_condition(c, sels) for c in conds]
                status = str(d.get("status") or "")
                if status in ("deprecated", "unsupported"):
                    continue
                rules.append((d["id"], (ls.get("product") or ""), lambda ev, cs=cs: any(c(ev) for c in cs)))
            except Skip:
                continue
    return rules


def is_windows(ev):
    os_ = (ev.get("os") or "").lower()
    if os_ in ("windows", "linux"):
        return os_ == "windows"
    exe, cmd = ev.get("exe"), ev.get("cmdline")
    if exe:
        return "\\" in exe or exe.lower().endswith(".exe")
    cmd = (cmd or "").strip()
    s = 1 if cmd.startswith('"') else 0
    if re.match(r"[A-Za-z]:\\", cmd[s:]) or cmd[s:].startswith("\\\\"):
        return True
    first = cmd[s:].split('"' if s else " ")[0]
    return first.lower().endswith(".exe")


def main():
    args = sys.argv[1:]
    compare = None
    if "--compare" in args:
        i = args.index("--compare")
        compare = args[i + 1]
        del args[i:i + 2]
    rules = load_rules(args[0])
    sys.stderr.write("%d rules\n" % len(rules))
    pairs = set()
    for n, line in enumerate(open(args[1], encoding="utf-8"), start=1):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        ev = {k: (v if isinstance(v, str) else json.dumps(v)) for k, v in e.items() if v is not None}
        win = is_windows(ev)
        for rid, product, pred in rules:
            if (product == "windows" and not win) or (product == "linux" and win):
                continue
            try:
                if pred(ev):
                    pairs.add((n, "sigma:" + rid))
            except Exception:
                pass
    if compare is None:
        for n, r in sorted(pairs):
            print("%d\t%s" % (n, r))
        return
    vigil = set()
    for raw in open(compare, encoding="utf-8"):
        if raw.startswith("{"):
            d = json.loads(raw)
            if str(d.get("rule", "")).startswith("sigma:"):
                vigil.add((d["line"], d["rule"]))
    only_ref = collections.Counter(r for _, r in pairs - vigil)
    only_vigil = collections.Counter(r for _, r in vigil - pairs)
    print("reference pairs %d, vigil pairs %d, both %d, only reference %d, only vigil %d"
          % (len(pairs), len(vigil), len(pairs & vigil), len(pairs - vigil), len(vigil - pairs)))
    for r, c in only_ref.most_common(30):
        print("  only reference %-48s %d" % (r, c))
    for r, c in only_vigil.most_common(30):
        print("  only vigil     %-48s %d" % (r, c))


if __name__ == "__main__":
    main()
