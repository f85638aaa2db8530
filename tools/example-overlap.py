#!/usr/bin/env python3
"""List rule examples that repeat rows of an evaluation corpus nearly word for word.

Vigil is scored on rows it never sees; a rule whose examples were copied from the rows it is scored
on tells nothing about the attack class. This tool finds such examples so they can be rewritten from
the class's documentation (see docs/rules.md, "Examples").

    tools/example-overlap.py ../shared/eval/http.jsonl ../shared/eval/proc.jsonl
    tools/example-overlap.py --min-share 0.7 --kind no_match CORPUS.jsonl ...

Each corpus is JSON lines with the request or command in `uri`, `user_agent`, `referer`, `cmdline`
or `command`. Text is URL-decoded twice, lower-cased and its white space squeezed; an example counts
when at least --min-share of its characters lie in runs of --k characters that also occur in a corpus
row, and at least 30 characters do. Prints one line per example (share, covered characters, rule file,
example) and a count; exits 0 (a report, not a check).
"""
import argparse
import glob
import json
import os
import re
import sys
import urllib.parse

try:
    import yaml
except ImportError:  # PyYAML is not part of the build; say so instead of failing with a trace
    sys.exit("example-overlap: needs PyYAML (apt-get install python3-yaml or pip install pyyaml)")

FIELDS = ("uri", "user_agent", "referer", "cmdline", "command")
RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                     "vigil-core", "src", "main", "resources", "rules")


def norm(text):
    for _ in range(2):
        text = urllib.parse.unquote_plus(text)
    return re.sub(r"\s+", " ", text.lower())


def shingles(corpora, k):
    seen = set()
    for path in corpora:
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                try:
                    row = json.loads(line)
                except ValueError:
                    print(f"{path}:{n}: not JSON, skipped", file=sys.stderr)
                    continue
                for key in FIELDS:
                    value = row.get(key)
                    if isinstance(value, str) and len(value) >= k:
                        value = norm(value)
                        seen.update(hash(value[i:i + k]) for i in range(len(value) - k + 1))
    return seen


def examples(rules_dir, kinds):
    for path in sorted(glob.glob(os.path.join(rules_dir, "**", "*.yaml"), recursive=True)):
        try:
            with open(path, encoding="utf-8") as f:
                rule = yaml.safe_load(f)
        except (OSError, yaml.YAMLError) as e:
            print(f"{path}: {e}", file=sys.stderr)
            continue
        if not isinstance(rule, dict):
            continue
        for kind in kinds:
            for ex in (rule.get("examples") or {}).get(kind) or []:
                values = [ex] if isinstance(ex, str) else [v for v in ex.values() if isinstance(v, str)]
                for value in values:
                    yield os.path.relpath(path, rules_dir), kind, value


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", help="JSON-lines corpus files")
    ap.add_argument("--rules", default=RULES, help="rule folder (default: the built-in rules)")
    ap.add_argument("--kind", choices=("match", "no_match", "both"), default="match")
    ap.add_argument("--k", type=int, default=24, help="run length in characters (default 24)")
    ap.add_argument("--min-share", type=float, default=0.9, help="share of the example covered (default 0.9)")
    args = ap.parse_args()
    kinds = ("match", "no_match") if args.kind == "both" else (args.kind,)
    seen = shingles(args.corpora, args.k)
    found = total = 0
    for path, kind, value in examples(args.rules, kinds):
        total += 1
        text = norm(value)
        covered = set()
        for i in range(len(text) - args.k + 1):
            if hash(text[i:i + args.k]) in seen:
                covered.update(range(i, i + args.k))
        share = len(covered) / len(text) if text else 0.0
        if share >= args.min_share and len(covered) >= 30:
            found += 1
            shown = value.replace("\n", "\\n")
            print(f"{share:.2f}\t{len(covered)}\t{path}\t{kind}\t{shown[:200]}")
    print(f"{found} of {total} {'/'.join(kinds)} examples repeat corpus rows "
          f"(share >= {args.min_share}, runs of {args.k})", file=sys.stderr)


if __name__ == "__main__":
    main()
