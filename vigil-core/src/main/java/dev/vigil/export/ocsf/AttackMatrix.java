package dev.vigil.export.ocsf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MITRE ATT&amp;CK (Enterprise) facts the exports need: each technique the alert catalogue
 * uses, its name and the tactics it belongs to, and each tactic's id. A technique's tactics are
 * ATT&amp;CK's, not the alert type's: T1071 (Application Layer Protocol) is Command and Control
 * whatever else the alert is about. Sub-techniques take their parent's tactics.
 *
 * <p>A test checks that every technique in the catalogue is here, so a new one cannot be exported
 * under a guessed tactic. Static and thread-safe.
 */
final class AttackMatrix {
    private AttackMatrix() {}

    /** A tactic: {@code TA0011}, {@code Command and Control}. */
    public record Tactic(String uid, String name) {}

    /** A technique or sub-technique with its name and its tactics in ATT&amp;CK's order. */
    public record Technique(String uid, String name, List<Tactic> tactics) {}

    static final Tactic RECONNAISSANCE = new Tactic("TA0043", "Reconnaissance");
    static final Tactic RESOURCE_DEVELOPMENT = new Tactic("TA0042", "Resource Development");
    static final Tactic INITIAL_ACCESS = new Tactic("TA0001", "Initial Access");
    static final Tactic EXECUTION = new Tactic("TA0002", "Execution");
    static final Tactic PERSISTENCE = new Tactic("TA0003", "Persistence");
    static final Tactic PRIVILEGE_ESCALATION = new Tactic("TA0004", "Privilege Escalation");
    static final Tactic DEFENSE_EVASION = new Tactic("TA0005", "Defense Evasion");
    static final Tactic CREDENTIAL_ACCESS = new Tactic("TA0006", "Credential Access");
    static final Tactic DISCOVERY = new Tactic("TA0007", "Discovery");
    static final Tactic LATERAL_MOVEMENT = new Tactic("TA0008", "Lateral Movement");
    static final Tactic COLLECTION = new Tactic("TA0009", "Collection");
    static final Tactic EXFILTRATION = new Tactic("TA0010", "Exfiltration");
    static final Tactic COMMAND_AND_CONTROL = new Tactic("TA0011", "Command and Control");
    static final Tactic IMPACT = new Tactic("TA0040", "Impact");

    private static final Map<String, Tactic> TACTICS = new LinkedHashMap<>();
    private static final Map<String, Technique> TECHNIQUES = new LinkedHashMap<>();

    static {
        for (Tactic t : List.of(RECONNAISSANCE, RESOURCE_DEVELOPMENT, INITIAL_ACCESS, EXECUTION, PERSISTENCE,
                PRIVILEGE_ESCALATION, DEFENSE_EVASION, CREDENTIAL_ACCESS, DISCOVERY, LATERAL_MOVEMENT, COLLECTION,
                EXFILTRATION, COMMAND_AND_CONTROL, IMPACT)) {
            TACTICS.put(t.name(), t);
        }
        t("T1003", "OS Credential Dumping", CREDENTIAL_ACCESS);
        t("T1005", "Data from Local System", COLLECTION);
        t("T1016", "System Network Configuration Discovery", DISCOVERY);
        t("T1027", "Obfuscated Files or Information", DEFENSE_EVASION);
        t("T1033", "System Owner/User Discovery", DISCOVERY);
        t("T1036", "Masquerading", DEFENSE_EVASION);
        t("T1037", "Boot or Logon Initialization Scripts", PERSISTENCE, PRIVILEGE_ESCALATION);
        t("T1037.004", "RC Scripts", PERSISTENCE, PRIVILEGE_ESCALATION);
        t("T1046", "Network Service Discovery", DISCOVERY);
        t("T1048", "Exfiltration Over Alternative Protocol", EXFILTRATION);
        t("T1049", "System Network Connections Discovery", DISCOVERY);
        t("T1053", "Scheduled Task/Job", EXECUTION, PERSISTENCE, PRIVILEGE_ESCALATION);
        t("T1053.003", "Cron", EXECUTION, PERSISTENCE, PRIVILEGE_ESCALATION);
        t("T1057", "Process Discovery", DISCOVERY);
        t("T1059", "Command and Scripting Interpreter", EXECUTION);
        t("T1059.001", "PowerShell", EXECUTION);
        t("T1070", "Indicator Removal", DEFENSE_EVASION);
        t("T1070.002", "Clear Linux or Mac System Logs", DEFENSE_EVASION);
        t("T1070.003", "Clear Command History", DEFENSE_EVASION);
        t("T1070.004", "File Deletion", DEFENSE_EVASION);
        t("T1070.006", "Timestomp", DEFENSE_EVASION);
        t("T1071", "Application Layer Protocol", COMMAND_AND_CONTROL);
        t("T1071.004", "DNS", COMMAND_AND_CONTROL);
        t("T1078", "Valid Accounts", DEFENSE_EVASION, PERSISTENCE, PRIVILEGE_ESCALATION, INITIAL_ACCESS);
        t("T1082", "System Information Discovery", DISCOVERY);
        t("T1083", "File and Directory Discovery", DISCOVERY);
        t("T1087", "Account Discovery", DISCOVERY);
        t("T1087.001", "Local Account", DISCOVERY);
        t("T1098", "Account Manipulation", PERSISTENCE, PRIVILEGE_ESCALATION);
        t("T1098.004", "SSH Authorized Keys", PERSISTENCE, PRIVILEGE_ESCALATION);
        t("T1105", "Ingress Tool Transfer", COMMAND_AND_CONTROL);
        t("T1110", "Brute Force", CREDENTIAL_ACCESS);
        t("T1136", "Create Account", PERSISTENCE);
        t("T1140", "Deobfuscate/Decode Files or Information", DEFENSE_EVASION);
        t("T1189", "Drive-by Compromise", INITIAL_ACCESS);
        t("T1190", "Exploit Public-Facing Application", INITIAL_ACCESS);
        t("T1201", "Password Policy Discovery", DISCOVERY);
        t("T1203", "Exploitation for Client Execution", EXECUTION);
        t("T1222", "File and Directory Permissions Modification", DEFENSE_EVASION);
        t("T1222.002", "Linux and Mac File and Directory Permissions Modification", DEFENSE_EVASION);
        t("T1489", "Service Stop", IMPACT);
        t("T1490", "Inhibit System Recovery", IMPACT);
        t("T1496", "Resource Hijacking", IMPACT);
        t("T1505", "Server Software Component", PERSISTENCE);
        t("T1505.003", "Web Shell", PERSISTENCE);
        t("T1518", "Software Discovery", DISCOVERY);
        t("T1518.001", "Security Software Discovery", DISCOVERY);
        t("T1529", "System Shutdown/Reboot", IMPACT);
        t("T1539", "Steal Web Session Cookie", CREDENTIAL_ACCESS);
        t("T1543", "Create or Modify System Process", PERSISTENCE, PRIVILEGE_ESCALATION);
        t("T1543.002", "Systemd Service", PERSISTENCE, PRIVILEGE_ESCALATION);
        t("T1546", "Event Triggered Execution", PRIVILEGE_ESCALATION, PERSISTENCE);
        t("T1546.004", "Unix Shell Configuration Modification", PRIVILEGE_ESCALATION, PERSISTENCE);
        t("T1548", "Abuse Elevation Control Mechanism", PRIVILEGE_ESCALATION, DEFENSE_EVASION);
        t("T1548.001", "Setuid and Setgid", PRIVILEGE_ESCALATION, DEFENSE_EVASION);
        t("T1552", "Unsecured Credentials", CREDENTIAL_ACCESS);
        t("T1552.001", "Credentials In Files", CREDENTIAL_ACCESS);
        t("T1552.005", "Cloud Instance Metadata API", CREDENTIAL_ACCESS);
        t("T1560", "Archive Collected Data", COLLECTION);
        t("T1562", "Impair Defenses", DEFENSE_EVASION);
        t("T1562.001", "Disable or Modify Tools", DEFENSE_EVASION);
        t("T1574", "Hijack Execution Flow", PERSISTENCE, PRIVILEGE_ESCALATION, DEFENSE_EVASION);
        t("T1574.006", "Dynamic Linker Hijacking", PERSISTENCE, PRIVILEGE_ESCALATION, DEFENSE_EVASION);
        t("T1584", "Compromise Infrastructure", RESOURCE_DEVELOPMENT);
        t("T1584.001", "Domains", RESOURCE_DEVELOPMENT);
        t("T1584.004", "Server", RESOURCE_DEVELOPMENT);
        t("T1592", "Gather Victim Host Information", RECONNAISSANCE);
        t("T1595", "Active Scanning", RECONNAISSANCE);
        t("T1595.003", "Wordlist Scanning", RECONNAISSANCE);
        t("T1608", "Stage Capabilities", RESOURCE_DEVELOPMENT);
        t("T1608.005", "Link Target", RESOURCE_DEVELOPMENT);
    }

    private static void t(String uid, String name, Tactic... tactics) {
        TECHNIQUES.put(uid, new Technique(uid, name, List.of(tactics)));
    }

    public static Optional<Technique> technique(String uid) {
        return Optional.ofNullable(TECHNIQUES.get(uid));
    }

    /** A tactic by its ATT&amp;CK name, such as {@code Initial Access}. */
    public static Optional<Tactic> tactic(String name) {
        return Optional.ofNullable(TACTICS.get(name));
    }

    /**
     * The tactics to report a technique under for an alert whose type names {@code typeTactics}:
     * those of the technique's tactics the type names, or when it names none of them, all of the
     * technique's own. Never a tactic the technique does not have. Empty for an unknown technique.
     */
    public static List<Tactic> tacticsFor(String techniqueUid, List<String> typeTactics) {
        Technique t = TECHNIQUES.get(techniqueUid);
        if (t == null) {
            return List.of();
        }
        List<Tactic> both = t.tactics().stream().filter(x -> typeTactics.contains(x.name())).toList();
        return both.isEmpty() ? t.tactics() : both;
    }
}
