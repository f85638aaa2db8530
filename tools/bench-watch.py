#!/usr/bin/env python3
"""Measures vigil watch on a growing access log: the delay from a line's write to its alert.

Appends combined-format lines to a log at a steady rate (1% attacks, each from a new client
address, so each raises a new alert whose id names that line), runs `vigil watch --format ndjson`
on it, and reads the alerts as they come out. Reports, per rate: the delay from writing an attack
line to its alert on standard output (p50, p99, max), the CPU the watch used, and whether it kept
up (the delay did not keep growing).

  python3 tools/bench-watch.py --vigil ./vigil --rates 10000 --seconds 60
  python3 tools/bench-watch.py --vigil ./vigil --rates 10000,20000,40000 --seconds 20

Only local files and a child process; nothing is sent anywhere.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time


def percentile(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * (len(xs) - 1)))))
    return xs[k]


def cpu_seconds(pid):
    """utime + stime of a process and its children so far (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return sum(int(parts[i]) for i in (11, 12, 13, 14)) / ticks
    except OSError:
        return float("nan")


def run(vigil, rate, seconds, workdir, commit_every):
    log = os.path.join(workdir, f"access-{rate}.log")
    db = os.path.join(workdir, f"bench-{rate}.db")
    open(log, "w").close()
    cmd = vigil.split() + ["watch", "--db", db, "--format", "ndjson", "--quiet", "--commit-every", commit_every,
                           "--poll", "20ms", log]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    written = {}      # client address -> time its attack line was written
    delays = []
    lock = threading.Lock()

    def reader():
        for line in proc.stdout:
            now = time.time()
            try:
                alert = json.loads(line)
            except ValueError:
                continue
            ip = next((e.get("address") for e in alert.get("entities", []) if e.get("type") == "ip"), None)
            with lock:
                t = written.pop(ip, None)
            if t is not None:
                delays.append((t, now - t))

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    time.sleep(8)  # JVM start and rule compilation, before the clock starts
    rnd = random.Random(1)
    start = time.time()
    cpu0 = cpu_seconds(proc.pid)
    n = 0
    seq = 0
    with open(log, "a", buffering=1 << 16) as f:
        while time.time() - start < seconds:
            tick = time.time()
            batch = []
            target = int((tick - start) * rate) - n
            for _ in range(max(0, target)):
                n += 1
                ts = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
                if n % 100 == 0:
                    seq += 1
                    ip = f"10.{(seq >> 16) & 255}.{(seq >> 8) & 255}.{seq & 255}"
                    batch.append(f'{ip} - - [{ts}] "GET /item?id=1%27%20union%20select%20password%20from%20users-- '
                                 f'HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n')
                    with lock:
                        written[ip] = None  # set to the write time below
                else:
                    ip = f"192.0.2.{rnd.randint(1, 254)}"
                    batch.append(f'{ip} - - [{ts}] "GET /products/{rnd.randint(1, 500)} HTTP/1.1" 200 2048 "-" '
                                 f'"Mozilla/5.0"\n')
            f.write("".join(batch))
            f.flush()
            now = time.time()
            with lock:
                for k, v in list(written.items()):
                    if v is None:
                        written[k] = now
            time.sleep(0.01)
    end = time.time()
    time.sleep(5)  # let the last alerts out
    cpu1 = cpu_seconds(proc.pid)
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    d = [x for _, x in delays]
    first_half = [x for t, x in delays if t - start < seconds / 2]
    second_half = [x for t, x in delays if t - start >= seconds / 2]
    kept_up = bool(second_half) and percentile(second_half, 50) < 2 * max(0.5, percentile(first_half, 50))
    return {
        "rate": rate, "lines": n, "seconds": round(end - start, 1), "attacks": seq, "alerts_seen": len(d),
        "p50_s": round(percentile(d, 50), 3), "p99_s": round(percentile(d, 99), 3),
        "max_s": round(max(d), 3) if d else None,
        "cpu_s": round(cpu1 - cpu0, 1), "cpu_share": round((cpu1 - cpu0) / (end - start + 5), 2),
        "kept_up": kept_up,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vigil", default="./vigil", help="how to run vigil (default: ./vigil)")
    ap.add_argument("--rates", default="10000", help="lines per second, comma-separated (default: 10000)")
    ap.add_argument("--seconds", type=int, default=60, help="seconds of writing per rate (default: 60)")
    ap.add_argument("--commit-every", default="250ms", help="the watch's --commit-every (default: 250ms)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vigil-bench-watch-") as d:
        for r in (int(x) for x in args.rates.split(",")):
            print(json.dumps(run(args.vigil, r, args.seconds, d, args.commit_every)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
