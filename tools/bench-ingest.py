#!/usr/bin/env python3
"""Measures ingestion through `vigil serve`'s POST /api/ingest: lines/s end to end.

Starts `vigil serve` on 127.0.0.1 with a scratch database, creates an ingest token, and pushes a
generated access log (tools/gen-access-log.py, about 1% attacks and scanner bursts) in batches, one
request at a time as a log shipper does, then reports lines/s per run and the median. Only loopback
traffic, bounded by --lines.

  python3 tools/bench-ingest.py --vigil ./vigil --lines 200000 --batch 5000 --runs 5
"""
import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("vigil serve did not answer /healthz")


def one_run(vigil, lines, batch, workdir, run):
    db = os.path.join(workdir, f"ingest-{run}.db")
    token = subprocess.run(vigil.split() + ["token", "create", "--role", "ingest", "--name", "bench", "--db", db],
                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(vigil.split() + ["serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(url)
        start = time.time()
        sent = 0
        alerts = 0
        for i in range(0, len(lines), batch):
            body = "".join(lines[i:i + batch]).encode()
            req = urllib.request.Request(url + "/api/ingest?format=combined&resource=bench", data=body, method="POST",
                                         headers={"Authorization": "Bearer " + token,
                                                  "Content-Type": "text/plain"})
            with urllib.request.urlopen(req, timeout=300) as r:
                answer = json.load(r)
            sent += answer["lines"]
            alerts += answer["alerts"]
        elapsed = time.time() - start
        return sent / elapsed, sent, alerts, elapsed
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vigil", default="./vigil")
    ap.add_argument("--lines", type=int, default=200_000)
    ap.add_argument("--batch", type=int, default=5_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory(prefix="vigil-bench-ingest-") as d:
        log = os.path.join(d, "access.log")
        subprocess.run([sys.executable, os.path.join(here, "gen-access-log.py"), "-n", str(args.lines), "--seed", "1",
                        "-o", log], check=True)
        with open(log) as f:
            lines = f.readlines()
        rates = []
        for run in range(args.runs):
            rate, sent, alerts, elapsed = one_run(args.vigil, lines, args.batch, d, run)
            rates.append(rate)
            print(json.dumps({"run": run + 1, "lines": sent, "seconds": round(elapsed, 2), "lines_per_s": round(rate),
                              "alert_updates": alerts}), flush=True)
        print(json.dumps({"median_lines_per_s": round(statistics.median(rates)), "runs": len(rates),
                          "batch": args.batch}))


if __name__ == "__main__":
    main()
