def hx(s):
    if isinstance(s,str): s=s.encode()
    return s.hex().upper()
def sysc(key, pid, ppid, exe, comm, uid=33, syscall=59, success="yes", arch="c000003e"):
    return f'type=SYSCALL msg=audit({key}): arch={arch} syscall={syscall} success={success} exit=0 a0=55d5c9d0e8f8 a1=55d5c9d0e930 a2=55d5c9d0e958 a3=8 items=2 ppid={ppid} pid={pid} auid=4294967295 uid={uid} gid={uid} euid={uid} suid={uid} fsuid={uid} egid={uid} sgid={uid} fsgid={uid} tty=(none) ses=4294967295 comm="{comm}" exe="{exe}" subj=unconfined key="exec"'
L=[]
k="1700000000.123:4567"
L += [sysc(k,4240,1234,"/usr/bin/id","id"),
 f'type=EXECVE msg=audit({k}): argc=2 a0="id" a1="-a"',
 f'type=CWD msg=audit({k}): cwd="/var/www/html"',
 f'type=PATH msg=audit({k}): item=0 name="/usr/bin/id" inode=1234 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0',
 f'type=PATH msg=audit({k}): item=1 name="/lib64/ld-linux-x86-64.so.2" inode=99 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
 f'type=PROCTITLE msg=audit({k}): proctitle=6964002D61',
 f'type=EOE msg=audit({k}): ']
k="1700000001.000:4568"
a2 = hx('id; uname -a; echo "pwned"'); cwd = hx("/var/www/my site")
L += [sysc(k,4241,1234,"/usr/bin/dash","sh"),
 f'type=EXECVE msg=audit({k}): argc=3 a0="sh" a1="-c" a2={a2}',
 f'type=CWD msg=audit({k}): cwd={cwd}',
 f'type=EOE msg=audit({k}): ']
ka="1700000002.500:4570"; kb="1700000002.501:4571"
pt = hx("whoami")
L += [f'type=EXECVE msg=audit({kb}): argc=3 a0="curl" a1="-so" a2="/tmp/x"',
 f'type=PROCTITLE msg=audit({ka}): proctitle={pt}',
 sysc(ka,4250,4241,"/usr/bin/whoami","whoami"),
 "type=USER_ACCT msg=audit(1700000002.502:4572): pid=99 uid=0 auid=0 ses=1 msg='op=PAM:accounting acct=\"root\" exe=\"/usr/sbin/cron\" hostname=? addr=? terminal=cron res=success'",
 f'type=CWD msg=audit({kb}): cwd="/tmp"',
 sysc(kb,4251,4241,"/usr/bin/curl","curl"),
 f'type=EOE msg=audit({kb}): ',
 f'type=EXECVE msg=audit({ka}): argc=1 a0="whoami"',
 f'type=EOE msg=audit({ka}): ']
k="1700000003.000:4573"
long_arg = "echo " + "QUJD"*40 + " | base64 -d | sh"
h = hx(long_arg)
L += [sysc(k,4260,4241,"/usr/bin/bash","bash"),
 f'type=EXECVE msg=audit({k}): argc=3 a0="bash" a1="-c" a2_len={len(long_arg)} a2[0]={h[:100]}',
 f'type=EXECVE msg=audit({k}): a2[1]={h[100:200]} a2[2]={h[200:]}',
 f'type=EOE msg=audit({k}): ']
k="1700000004.250:4574"
L += ['node=web1 ' + sysc(k,4270,1,"/usr/sbin/logrotate","logrotate",uid=0),
 f'Nov 14 22:13:24 web1 audispd: node=web1 type=EXECVE msg=audit({k}): argc=2 a0="/usr/sbin/logrotate" a1="/etc/logrotate.conf"',
 f'node=web1 type=CWD msg=audit({k}): cwd="/"',
 f'Nov 14 22:13:24 web1 audispd: node=web1 type=EOE msg=audit({k}): ']
k="1700000005.000:4575"
L += [sysc(k,4280,1,"/usr/sbin/nginx","nginx",syscall=257),
 f'type=CWD msg=audit({k}): cwd="/"',
 f'type=PATH msg=audit({k}): item=0 name="/etc/passwd" inode=1 dev=fd:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
 f'type=EOE msg=audit({k}): ']
L += ['this is not an audit line',
 'type=EXECVE msg=audit(11/14/2023 22:13:20.123:4567) : argc=1 a0=id',
 'type=EXECVE msg=audit(1700000006.000): argc=1 a0="x"',
 '',
 'type=LOGIN msg=audit(1700000006.000:1): pid=1 uid=0 old-auid=4294967295 auid=0']
k="1700000007.000:4580"
L += [sysc(k,4290,4241,"/tmp/.x/xmrig","xmrig",success="no") + '\x1dARCH=x86_64 SYSCALL=execve AUID="unset" UID="www-data" GID="www-data" EUID="www-data"',
 f'type=EXECVE msg=audit({k}): argc=3 a0="/tmp/.x/xmrig" a1="-o" a2="stratum+tcp://pool.example:3333\udcff\udcfe"',
 f'type=EOE msg=audit({k}): ']
k="1700000008.000:4581"
L += [f'type=CWD msg=audit({k}): cwd="/srv"', f'type=EOE msg=audit({k}): ']
k="1700000009.000:4582"
L += [f'audit: type=1300 audit({k}): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=4300 auid=0 uid=0 comm="uname" exe="/usr/bin/uname" key=(null)',
 f'audit: type=1309 audit({k}): argc=2 a0="uname" a1="-a"',
 f'audit: type=1320 audit({k}): ']
k="1700000010.000:4583"
pt = hx("\0".join(["python3","-c",'import pty;pty.spawn("/bin/sh")']))
L += [sysc(k,4310,4241,"/usr/bin/python3.11","python3",syscall=281,arch="c00000b7"),
 f'type=PROCTITLE msg=audit({k}): proctitle={pt}',
 f'type=EOE msg=audit({k}): ']
L += ['type=PATH msg=audit(1700000000.123:4567): item=2 name="x" nametype=NORMAL']
k="1700000011.000:4590"
L += [sysc(k,4320,4241,"/usr/bin/chmod","chmod"),
 f'type=EXECVE msg=audit({k}): argc=3 a0="chmod" a1="+x" a2="/tmp/x"']
k="1700000011.100:4591"
a1 = hx("-c /tmp/.cfg")
L += [f'type=EXECVE msg=audit({k}): argc=2 a0="/tmp/x" a1={a1}']
data = "\n".join(L) + "\n"
open('events.log','wb').write(data.encode('utf-8','surrogateescape'))
