package dev.vigil.analyze.reading;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an ordinary Unix program is told to read, judged by the file rather than the
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
 * </ul>
 *
 * <p>Written from the GTFOBins file-read page and ATT&amp;CK T1552.001, T1552.004,
 * T1003.008. Stateless; never throws.
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
            + "|etc/kubernetes/pki/[\\w.-]+\\.key|\\.docker/config\\.json"
            + "|\\.git-credentials|\\.netrc|\\.pgpass|\\.my\\.cnf|etc/mysql/debian\\.cnf|\\.vault-token|\\.npmrc|\\.pypirc"
            + "|\\.s3cfg|\\.boto|\\.config/gh/hosts\\.yml|credentials\\.tfrc\\.json|[\\w.-]+\\.keytab|krb5cc_[\\w.-]+"
            + "|\\.gnupg/(?:private-keys-v1\\.d/[\\w.-]+|secring\\.gpg)|serviceaccount/token"
            + "|etc/(?:ssl|pki/tls)/private/[\\w.-]+"
            + ")$");
    /** Credential files that are only another's when named from the root: a web app's secrets, a login's history. */
    private static final Pattern ABSOLUTE_SECRET = Pattern.compile(
            "^/(?:root/|home/[^/]+/|(?:var|srv|opt)/\\S*?)(?:\\.env|wp-config\\.php|\\.(?:bash|zsh|sh|mysql|psql|python|node_repl)_history)$");

    /** Programs that use, guard, list or edit a credential file for what it is. */
    private static final Set<String> KEY_USERS = Set.of("ssh", "sftp", "ssh-add", "ssh-keygen", "ssh-copy-id", "sshpass",
            "chmod", "chown", "chgrp", "chattr", "lsattr", "setfacl", "getfacl", "ls", "stat", "file", "touch", "rm", "shred",
            "unlink", "srm", "test", "[", "[[", "mkdir", "kinit", "klist", "ktutil", "kubectl", "kubeadm", "helm", "k9s",
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

    /** The bit of {@link Capabilities#SECRET_READ} one command shows. */
    static int judge(String prog, List<String> w, CommandReader.Simple c) {
        return secretRead(prog, w, c);
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
}
