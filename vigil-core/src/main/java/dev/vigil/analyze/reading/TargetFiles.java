package dev.vigil.analyze.reading;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an ordinary Unix program is told to read or write, judged by the file rather than the
 * program: GTFOBins lists hundreds of programs that print a file (encoders, text filters, pagers,
 * dumpers, archivers) or write one (through an output option, a copy, an in-place edit), and any
 * of them can be the one allowed under sudo or left to a web shell. What makes the start telling
 * is the file:
 *
 * <ul>
 *   <li>{@link Capabilities#SECRET_READ}: a credential file (password hashes, a private key, a
 *       cloud or cluster credential, a token, a keytab, another user's shell history, an
 *       application's secrets) given to a program that prints, converts, copies or sends it, as an
 *       operand, an {@code if=} or input value, or a redirected input. Programs that use or guard
 *       such a file (ssh, kubectl, chmod, editors...) and files named as an identity or config
 *       option ({@code -i}, {@code --kubeconfig}) are left out, and so is output kept in an
 *       ordinary file (a step of real work, such as a certificate bundle).</li>
 *   <li>{@link Capabilities#ACCOUNT_WRITE}: a file that grants logins or privileges
 *       ({@code authorized_keys}, sudoers, the account databases, {@code ld.so.preload}, a cron
 *       table, a PAM file) written through a program's side: {@code dd of=}, an output option
 *       ({@code -o}, {@code -out}, {@code --output}), an in-place edit, {@code split}'s prefix, or a
 *       copy or link from a temporary folder, and {@code authorized_keys} of another account (an
 *       absolute path) by any copy.</li>
 * </ul>
 *
 * <p>Written from the GTFOBins file-read and file-write pages and ATT&amp;CK T1552.001, T1552.004,
 * T1003.008, T1098.004, T1548.003, T1053.003, T1574.006. Stateless; never throws.
 */
final class TargetFiles {
    private TargetFiles() {
    }

    /** Files whose content is a credential. */
    static final Pattern SECRET = Pattern.compile("(?:^|/)(?:"
            + "id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|ssh_host_\\w+_key"
            + "|etc/(?:g?shadow-?|master\\.passwd|security/opasswd)"
            + "|\\.aws/credentials|\\.config/gcloud/(?:credentials\\.db|access_tokens\\.db|application_default_credentials\\.json)"
            + "|\\.azure/(?:accessTokens\\.json|msal_token_cache\\.\\w+)"
            + "|\\.kube/config|etc/kubernetes/(?:admin|super-admin|controller-manager|scheduler|kubelet)\\.conf"
            + "|etc/kubernetes/pki/(?:etcd/)?[\\w.-]+\\.key|\\.docker/config\\.json"
            + "|\\.git-credentials|\\.netrc|\\.pgpass|\\.my\\.cnf|etc/mysql/debian\\.cnf|\\.vault-token|\\.npmrc|\\.pypirc"
            + "|\\.s3cfg|\\.boto|\\.config/gh/hosts\\.yml|credentials\\.tfrc\\.json|[\\w.-]+\\.keytab|krb5cc_[\\w.-]+"
            + "|\\.gnupg/(?:private-keys-v1\\.d/[\\w.-]+|secring\\.gpg)|serviceaccount/token"
            + "|etc/(?:ssl|pki/tls)/private/[\\w.-]+"
            // a web server's own secrets: the TLS key a CA issued, the basic-auth and servlet-container accounts
            + "|etc/letsencrypt/(?:live|archive)/[\\w.*-]+/privkey\\d*\\.pem|\\.htpasswd|tomcat-users\\.xml"
            // the secrets a container runtime mounts, and the keys CI and wiki servers keep for their stored credentials
            // (Jenkins' master key and hudson.util.Secret, its credentials.xml; Confluence's and Jira's database settings;
            // GitLab's secrets file, which holds the keys to its database's encrypted columns and its runners' tokens)
            + "|run/secrets/[\\w.*/-]+|secrets/(?:master\\.key|hudson\\.util\\.secret|initialadminpassword)"
            + "|jenkins\\S*/credentials\\.xml|confluence\\.cfg\\.xml|jira\\S*/dbconfig\\.xml|gitlab/gitlab-secrets\\.json"
            // a node's and a CI runner's own credentials: the kubelet's client key and kubeconfig, k3s's admin
            // kubeconfig and join tokens, a GitLab runner's registration (its token), a GitHub Actions runner's key
            + "|var/lib/kubelet/pki/[\\w.-]+\\.(?:key|pem)|var/lib/kubelet/kubeconfig|etc/rancher/k3s/k3s\\.yaml"
            + "|var/lib/rancher/k3s/server/(?:node-)?token|etc/gitlab-runner/config\\.toml|actions-runner/\\.credentials(?:_rsaparams)?"
            + ")$");
    /** Credential files that are only another's when named from the root: a web app's secrets, a login's history. */
    private static final Pattern ABSOLUTE_SECRET = Pattern.compile(
            "^/(?:root/|home/[^/]+/|(?:var|srv|opt)/\\S*?)(?:\\.env|wp-config\\.php|\\.(?:bash|zsh|sh|mysql|psql|python|node_repl)_history)$");

    /** Programs that use, guard, list or edit a credential file for what it is. */
    private static final Set<String> KEY_USERS = Set.of("ssh", "sftp", "ssh-add", "ssh-keygen", "ssh-copy-id", "sshpass",
            "chmod", "chown", "chgrp", "chattr", "lsattr", "setfacl", "getfacl", "ls", "stat", "file", "touch", "rm", "shred",
            "unlink", "srm", "test", "htpasswd", "[", "[[", "mkdir", "kinit", "klist", "ktutil", "kubectl", "kubeadm", "helm", "k9s", "kubelet", "k3s", "gitlab-runner",
            "aws", "gcloud", "az", "docker", "podman", "git", "mysql", "mysqldump", "mysqladmin", "psql", "pg_dump",
            "pg_dumpall", "vault", "gpg", "gpg2", "ansible", "ansible-playbook", "ansible-vault", "source", ".", "export",
            "vi", "vim", "nvim", "view", "nano", "pico", "emacs", "code", "vipw", "vigr", "visudo", "sudoedit", "joe", "mcedit",
            "micro", "gedit", "subl", "wc", "md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum",
            "cksum", "sum", "cmp", "certbot", "nginx", "apache2ctl", "apachectl", "haproxy", "keytool", "sops", "age",
            "dotenv", "env-cmd", "direnv", "mv", "echo", "printf", "find", "locate",
            "pwck", "grpck", "chpasswd", "passwd", "unshadow", "john", "hashcat", "npm", "yarn", "pnpm", "pip", "twine",
            "restorecon", "chcon", "inotifywait", "auditctl", "ausearch", "aide", "tripwire", "logger", "systemctl", "which");
    /** Options whose value is a key or config the program uses, not a file it reads out. */
    private static final Set<String> USE_OPTIONS = Set.of("-i", "-kt", "-key", "--key", "--identity",
            "--identity-file", "--kubeconfig", "--keytab", "--defaults-file", "--defaults-extra-file", "--netrc-file",
            "--config", "--env-file", "--private-key", "--key-file", "--keyfile", "--cert-key", "--tls-key");
    /** Copy programs: a credential copied counts only when it lands where others can take it. */
    private static final Set<String> COPIERS = Set.of("cp", "install", "ln", "rsync", "scp", "dd");

    /** Folders anyone can write to or a web server serves: a copy there is staged for taking. */
    private static final Pattern STAGING = Pattern.compile(
            "^(?:/tmp|/var/tmp|/dev/shm|/run/shm|/var/www|/srv/www|/usr/share/nginx|/var/lib/nginx|[\\w./-]*/(?:htdocs|wwwroot|public_html|uploads?))(?:/|$)"
                    + "|^/dev/(?:stdout|stderr|tty|fd/[12]|tcp/|udp/)|^[\\w.-]+@[\\w.-]+:|^[\\w.-]+:[^/]?|^\\w+://");

    /** Files that grant logins or privileges. */
    static final Pattern ACCOUNT_FILE = Pattern.compile("(?:^|/)(?:"
            + "\\.ssh/authorized_keys2?|etc/sudoers|etc/sudoers\\.d/[\\w.-]+|etc/(?:passwd|shadow|group|gshadow|master\\.passwd)"
            + "|etc/ld\\.so\\.preload|etc/crontab|etc/cron\\.(?:d|hourly|daily|weekly|monthly)/[\\w.-]+"
            + "|var/spool/cron/(?:crontabs/)?[\\w.-]+|etc/pam\\.d/[\\w.-]+"
            + ")$");
    /** The same, given as the folder a copy lands in. */
    private static final Pattern ACCOUNT_DIR = Pattern.compile(
            "(?:^|/)(?:etc/sudoers\\.d|etc/cron\\.(?:d|hourly|daily|weekly|monthly)|var/spool/cron(?:/crontabs)?|etc/pam\\.d)/?$");
    /** A login's SSH folder named from the root: where an archive unpacked writes {@code authorized_keys}. */
    private static final Pattern SSH_DIR = Pattern.compile("^/(?:root|home/[^/]+|var/lib/[^/]+)/\\.ssh/?$");
    /** Output options: the value is a file the program writes. */
    private static final Set<String> OUT_OPTIONS = Set.of("-o", "-O", "-out", "--output", "--output-document", "--outfile",
            "--out-file", "--out");
    /** Programs whose -o is not an output file. */
    private static final Set<String> OTHER_O = Set.of("ssh", "scp", "sftp", "sshfs", "mount", "ps", "lsblk", "findmnt", "ip",
            "kubectl", "helm", "docker", "jq", "yq", "sort", "usermod", "useradd", "tcpdump", "grep", "egrep", "rg", "cut",
            "ls", "bash", "sh", "set", "shopt", "tail", "wc", "nmap", "fsck", "mkfs", "sysctl", "chrt", "nc", "ncat");
    private static final Set<String> SED_LIKE = Set.of("sed", "perl", "ruby", "gawk");

    /** The bits of {@link Capabilities#SECRET_READ} and {@link Capabilities#ACCOUNT_WRITE} one command shows. */
    static int judge(String prog, List<String> w, CommandReader.Simple c) {
        return secretRead(prog, w, c) | accountWrite(prog, w);
    }

    // ---------------------------------------------------------------- credentials read out

    static boolean secret(String word) {
        if (word.isEmpty() || word.length() > 512 || word.endsWith(".pub")) {
            return false;
        }
        return SECRET.matcher(word).find() || ABSOLUTE_SECRET.matcher(word).find();
    }

    private static int secretRead(String prog, List<String> w, CommandReader.Simple c) {
        if (KEY_USERS.contains(prog) || prog.startsWith("ssh") || prog.startsWith("kube")) {
            return 0;
        }
        if (SED_LIKE.contains(prog)) {
            for (int i = 1; i < w.size(); i++) {
                if (inPlaceOption(w.get(i))) {
                    return 0; // an in-place edit writes the file back and shows none of it (sed -i on an app's .env)
                }
            }
        }
        if (prog.equals("openssl") && !(w.contains("enc") || w.contains("base64") || w.contains("base32"))) {
            return 0; // the key used for signing, checking, converting
        }
        boolean copier = COPIERS.contains(prog);
        boolean found = false;
        int last = -1;
        for (int i = 1; i < w.size(); i++) {
            last = w.get(i).startsWith("-") ? last : i;
        }
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (USE_OPTIONS.contains(w.get(i - 1)) && !(prog.equals("dd") || prog.equals("base64") || prog.equals("openssl"))) {
                continue;
            }
            String v = a;
            int eq = a.indexOf('=');
            if (eq > 0 && (a.startsWith("-") || prog.equals("dd") && a.startsWith("if="))) {
                if (a.startsWith("--") && USE_OPTIONS.contains(a.substring(0, eq))) {
                    continue;
                }
                v = a.substring(eq + 1);
            }
            if (v.startsWith("@")) {
                v = v.substring(1); // curl -d @file, -F f=@file
            }
            int at = v.indexOf("=@");
            if (at > 0) {
                v = v.substring(at + 2);
            }
            if (secret(v) && !(copier && i == last && !prog.equals("dd"))) {
                found = true;
            }
        }
        boolean redirectedIn = false;
        if (c.fedInput()) {
            for (String r : c.redirects()) {
                redirectedIn |= secret(r);
            }
        }
        if (!found && !redirectedIn) {
            return 0;
        }
        if (copier) {
            String dest = destination(prog, w, last);
            if (dest == null ? !prog.equals("dd") : !STAGING.matcher(dest).find()) {
                return 0; // a copy kept among the owner's files
            }
        }
        for (String r : c.redirects()) {
            if (!secret(r) && isFileOut(r) && !STAGING.matcher(r).find()) {
                return 0; // output kept in an ordinary file: a step of work (a bundle, a converted key)
            }
        }
        return Capabilities.SECRET_READ;
    }

    /** Where a copy program writes: the last operand, {@code of=}, or {@code -t DIR}. */
    private static String destination(String prog, List<String> w, int last) {
        if (prog.equals("dd")) {
            for (String a : w) {
                if (a.startsWith("of=")) {
                    return a.substring(3);
                }
            }
            return null;
        }
        for (int i = 1; i + 1 < w.size(); i++) {
            if (w.get(i).equals("-t") || w.get(i).equals("--target-directory")) {
                return w.get(i + 1);
            }
            if (w.get(i).startsWith("--target-directory=")) {
                return w.get(i).substring("--target-directory=".length());
            }
        }
        int operands = 0;
        for (int i = 1; i < w.size(); i++) {
            operands += w.get(i).startsWith("-") ? 0 : 1;
        }
        return operands >= 2 && last > 0 ? w.get(last) : null;
    }

    private static boolean isFileOut(String r) {
        if (r.isEmpty() || r.charAt(0) == '&' || r.equals("/dev/null")) {
            return false;
        }
        for (int i = 0; i < r.length(); i++) {
            char ch = r.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch == '-')) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- account and privilege files written

    private static boolean accountFile(String p) {
        return p.length() <= 512 && ACCOUNT_FILE.matcher(p).find();
    }

    /** {@code authorized_keys} of an account named from the root, or any other account file. */
    private static boolean othersFile(String p) {
        return !p.contains("authorized_keys") || p.startsWith("/root/") || p.startsWith("/home/") || p.startsWith("/var/")
                || p.startsWith("/etc/") || p.startsWith("/srv/");
    }

    /**
     * The folder an archive program unpacks into ({@code tar x... -C DIR}, {@code --directory=DIR}, {@code unzip -d DIR},
     * {@code 7z x -oDIR}), or null when it does not extract or names no folder.
     */
    static String extractionFolder(String prog, List<String> w) {
        boolean tar = prog.equals("tar") || prog.equals("bsdtar") || prog.equals("gtar");
        boolean unzip = prog.equals("unzip");
        boolean sevenZ = prog.equals("7z") || prog.equals("7za") || prog.equals("7zz");
        if (!tar && !unzip && !sevenZ) {
            return null;
        }
        boolean extract = unzip || sevenZ && w.size() > 1 && (w.get(1).equals("x") || w.get(1).equals("e"));
        String dir = null;
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            String next = i + 1 < w.size() ? w.get(i + 1) : null;
            if (tar) {
                if (a.equals("--extract") || a.equals("--get") || i == 1 && !a.startsWith("-") && a.indexOf('x') >= 0
                        && a.chars().allMatch(Character::isLetter)
                        || a.length() > 1 && a.charAt(0) == '-' && a.charAt(1) != '-' && a.indexOf('x') > 0
                        && a.substring(1).chars().allMatch(Character::isLetter)) {
                    extract = true;
                }
                if (a.equals("-C") || a.equals("--directory")) {
                    dir = next;
                } else if (a.startsWith("--directory=")) {
                    dir = a.substring("--directory=".length());
                }
            } else if (unzip) {
                if (a.equals("-d")) {
                    dir = next;
                } else if (a.startsWith("-d") && a.length() > 2 && a.charAt(2) == '/') {
                    dir = a.substring(2);
                }
            } else if (a.startsWith("-o") && a.length() > 2) {
                dir = a.substring(2);
            }
        }
        return extract ? dir : null;
    }

    /** {@code -i}, {@code -i.bak}, {@code --in-place}, or a cluster of short flags holding {@code i} ({@code -pi}, {@code -ni}). */
    static boolean inPlaceOption(String a) {
        if (a.startsWith("-i") || a.startsWith("--in-place")) {
            return true;
        }
        if (a.length() < 2 || a.charAt(0) != '-' || a.charAt(1) == '-') {
            return false;
        }
        boolean i = false;
        for (int k = 1; k < a.length(); k++) {
            char ch = a.charAt(k);
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z')) {
                return false;
            }
            i |= ch == 'i';
        }
        return i;
    }

    private static int accountWrite(String prog, List<String> w) {
        if (w.size() < 2) {
            return 0;
        }
        String into = extractionFolder(prog, w);
        if (into != null && into.length() <= 512 && (ACCOUNT_DIR.matcher(into).find() || SSH_DIR.matcher(into).find())) {
            return Capabilities.ACCOUNT_WRITE; // an archive unpacked into a cron, sudoers, PAM or SSH folder
        }
        boolean inPlace = false;
        int last = -1;
        int operands = 0;
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.startsWith("-")) {
                inPlace |= SED_LIKE.contains(prog) && inPlaceOption(a);
            } else {
                last = i;
                operands++;
            }
            // dd of=, and an output option of any program
            if (prog.equals("dd") && a.startsWith("of=") && accountFile(a.substring(3))) {
                return Capabilities.ACCOUNT_WRITE;
            }
            if (!OTHER_O.contains(prog) && i + 1 < w.size() && OUT_OPTIONS.contains(a) && accountFile(w.get(i + 1))
                    && othersFile(w.get(i + 1))) {
                return Capabilities.ACCOUNT_WRITE;
            }
            int eq = a.indexOf('=');
            if (!OTHER_O.contains(prog) && a.startsWith("--") && eq > 0 && OUT_OPTIONS.contains(a.substring(0, eq))
                    && accountFile(a.substring(eq + 1)) && othersFile(a.substring(eq + 1))) {
                return Capabilities.ACCOUNT_WRITE;
            }
        }
        if (inPlace || prog.equals("tee")) {
            for (int i = 1; i < w.size(); i++) {
                if (!w.get(i).startsWith("-") && accountFile(w.get(i)) && othersFile(w.get(i))) {
                    return Capabilities.ACCOUNT_WRITE; // an in-place edit of an account file, without visudo or vipw
                }
            }
        }
        if ((prog.equals("split") || prog.equals("csplit")) && last > 0) {
            String p = w.get(last);
            if (accountFile(p) || ACCOUNT_DIR.matcher(p).find()) {
                return Capabilities.ACCOUNT_WRITE;
            }
            for (int i = 1; i + 1 < w.size(); i++) {
                if ((w.get(i).equals("-f") || w.get(i).equals("--prefix")) && (accountFile(w.get(i + 1)) || ACCOUNT_DIR.matcher(w.get(i + 1)).find())) {
                    return Capabilities.ACCOUNT_WRITE;
                }
            }
        }
        if ((prog.equals("cp") || prog.equals("install") || prog.equals("ln") || prog.equals("rsync") || prog.equals("mv"))
                && operands >= 2) {
            String dest = destination(prog, w, last);
            if (dest == null || !(accountFile(dest) || ACCOUNT_DIR.matcher(dest).find())) {
                return 0;
            }
            if (dest.contains("authorized_keys") && othersFile(dest)) {
                return Capabilities.ACCOUNT_WRITE; // keys put into another account's login file
            }
            for (int i = 1; i < last; i++) {
                String s = w.get(i);
                if (!s.startsWith("-") && (s.startsWith("/tmp/") || s.startsWith("/var/tmp/") || s.startsWith("/dev/shm/")
                        || s.startsWith("/run/shm/") || s.startsWith("/dev/stdin") || s.startsWith("/proc/self/fd/"))) {
                    return Capabilities.ACCOUNT_WRITE; // a file staged in a temporary folder made a login or privilege file
                }
            }
        }
        return 0;
    }
}
