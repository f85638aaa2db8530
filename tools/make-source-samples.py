#!/usr/bin/env python3
"""Writes the DNS, FTP and threat-intel samples (samples/dns, samples/ftp, samples/ti).

Deterministic: no randomness, so the output is identical each run. Prints the line numbers of the
interesting lines, which samples/README.md quotes.
"""
import datetime
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")


def write(rel, lines):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{rel}: {len(lines)} lines")


def bind_queries():
    # ns1.hollowoak.example resolves for the shop's hosts; querylog to a file channel with
    # print-time, print-category and print-severity on. 21 Nov 2026, the day of the web shell in
    # samples/process/webhost-attack.jsonl.
    t0 = datetime.datetime(2026, 11, 21, 9, 0, 0)
    web1 = "192.0.2.20"
    api = "192.0.2.21"
    office = "198.51.100.10"
    names = [
        (web1, "api.wordpress.org", "A"), (web1, "api.wordpress.org", "AAAA"),
        (web1, "downloads.wordpress.org", "A"), (api, "api.payments.example", "A"),
        (web1, "smtp.mailrelay.example", "MX"), (web1, "smtp.mailrelay.example", "A"),
        (api, "db1.hollowoak.example", "A"), (office, "shop.hollowoak.example", "A"),
        (web1, "security.ubuntu.com", "A"), (web1, "ntp.ubuntu.com", "AAAA"),
        (api, "api.payments.example", "AAAA"), (office, "www.hollowoak.example", "A"),
    ]
    out = []
    marks = {}
    k = 0
    for i in range(50):
        t = t0 + datetime.timedelta(seconds=37 * i)
        stamp = t.strftime("%d-%b-%Y %H:%M:%S") + ".%03d" % ((i * 137) % 1000)
        client, name, qtype = names[k % len(names)]
        k += 1
        flags = "+E(0)K" if client != office else "+E(0)"
        if i == 31:
            # the miner looks up its pool, moments after the web shell downloaded it
            client, name, qtype, flags = web1, "pool.supportxmr.example", "A", "+E(0)K"
            marks["pool lookup"] = len(out) + 1
        if i == 32:
            client, name, qtype, flags = web1, "pool.supportxmr.example", "AAAA", "+E(0)K"
            marks["pool lookup (AAAA)"] = len(out) + 1
        if i == 40:
            client, name, qtype, flags = web1, "200.113.0.203.in-addr.arpa", "PTR", "+E(0)K"  # reverse lookup of the download host
        port = 30000 + (i * 7919) % 30000
        out.append(f"{stamp} queries: info: client @0x7f3c5c0{i:05x} {client}#{port} ({name}): "
                   f"query: {name} IN {qtype} {flags} (192.0.2.53)")
    write("dns/query.log", out)
    for k, v in marks.items():
        print(f"  {k}: line {v}")


def vsftpd():
    # vsftpd on web1 for the shop's deploys (dual_log_enable=YES, vsftpd.log), 22 Nov 2026.
    out = []
    marks = {}
    t = datetime.datetime(2026, 11, 22, 8, 0, 0)
    pid = [4100]

    def line(secs, msg):
        nonlocal t
        t += datetime.timedelta(seconds=secs)
        pid[0] += 1
        out.append(t.strftime("%a %b ") + "%2d" % t.day + t.strftime(" %H:%M:%S %Y") + f" [pid {pid[0]}] {msg}")

    owner = "198.51.100.10"
    for n in range(4):
        line(600, f'CONNECT: Client "{owner}"')
        line(2, f'[deploy] OK LOGIN: Client "{owner}"')
        line(40, f'[deploy] OK UPLOAD: Client "{owner}", "/srv/www/shop/wp-content/themes/hollow/style.css", 18211 bytes, 912.44Kbyte/sec')
    line(3000, 'CONNECT: Client "192.0.2.145"')
    line(3, '[deploy] FAIL LOGIN: Client "192.0.2.145"')   # one typo: not a brute force
    line(9, '[deploy] OK LOGIN: Client "192.0.2.145"')
    marks["brute force start"] = len(out) + 1
    users = ["admin", "root", "ftp", "test", "shop", "wordpress", "www-data", "deploy", "admin", "ftpuser",
             "hollowoak", "backup", "deploy", "user", "administrator", "web", "deploy", "guest", "support", "deploy"]
    line(1500, 'CONNECT: Client "::ffff:203.0.113.77"')
    for u in users:
        line(2, f'[{u}] FAIL LOGIN: Client "::ffff:203.0.113.77"')
    marks["brute force end"] = len(out)
    line(3, '[shopftp] OK LOGIN: Client "::ffff:203.0.113.77"')
    marks["listed IP logs in"] = len(out)
    line(5, '[shopftp] OK UPLOAD: Client "::ffff:203.0.113.77", "/srv/www/shop/wp-content/uploads/2026/11/wp-cache.php", 3102 bytes, 120.10Kbyte/sec')
    marks["shell upload"] = len(out)
    write("ftp/vsftpd.log", out)
    for k, v in marks.items():
        print(f"  {k}: line {v}")


def feed():
    write("ti/feed.txt", [
        "# Vigil demo threat-intel feed: invented indicators naming the attackers of the sample stories.",
        "# Plain list format (one IP, network, domain or URL a line); use it with",
        "#   ./vigil scan --ti samples/ti/feed.txt samples/",
        "203.0.113.45        # scanner and injection attempts against shop.hollowoak.example",
        "203.0.113.77        # password guessing (wp-login.php, FTP)",
        "203.0.113.200       # attackers' download host",
        "supportxmr.example  # mining pool used by a web-shell dropper",
    ])


def zone():
    write("dns/zone.db", [
        "; hollowoak.example, as exported from the DNS provider on 28 Nov 2026",
        "$ORIGIN hollowoak.example.",
        "$TTL 3600",
        "@       IN  SOA ns1 hostmaster (",
        "            2026112801 ; serial",
        "            7200       ; refresh",
        "            3600       ; retry",
        "            1209600    ; expire",
        "            300 )      ; negative caching",
        "        IN  NS  ns1",
        "        IN  NS  ns2.dnsprovider.example.",
        "@       IN  A   192.0.2.10",
        "ns1     IN  A   192.0.2.53",
        "shop    IN  CNAME hollowoak-shop.azurewebsites.net.",
        "asuid.shop  IN TXT \"5F1A0C7E2B9D4E6F8A3B1C0D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B3C2D1E0F\"",
        "api     IN  CNAME hollowoak-api.azurewebsites.net.",
        "asuid.api   IN TXT \"0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9\"",
        "; the 2025 holiday campaign site: its App Service app was deleted in January",
        "promo   300 IN CNAME hollowoak-promo25.azurewebsites.net.",
        "; the old blog moved to the shop; the App Service app is gone but asuid stays",
        "blog    IN  CNAME hollowoak-blog.azurewebsites.net.",
        "asuid.blog  IN TXT \"9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A4F3E2D1C0B9A8F7E6D5C4B3A2F1E0D9C8B\"",
        "static  IN  CNAME hollowoakassets.blob.core.windows.net.",
        "www     IN  CNAME shop",
        "mail    IN  MX  10 mx1.mailrelay.example.",
        "@       IN  TXT \"v=spf1 include:mailrelay.example -all\"",
    ])
    write("dns/inventory.txt", [
        "# Live app host names, from:",
        "#   az webapp list --query '[].defaultHostName' -o tsv",
        "#   az storage account list --query '[].primaryEndpoints.blob' -o tsv",
        "hollowoak-shop.azurewebsites.net",
        "hollowoak-api.azurewebsites.net",
        "https://hollowoakassets.blob.core.windows.net/",
        "192.0.2.10",
        "192.0.2.53",
    ])


bind_queries()
vsftpd()
feed()
zone()
