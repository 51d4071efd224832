#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Writes the registry hives of the hive reader's tests into DIR: SYSTEM,
# SOFTWARE and NTUSER.DAT, with hivexsh (libhivex-bin: another
# implementation than libregf, which reads them) writing keys and values
# into copies of plaso's test hives (tests/fuzz/corpus/regf/, Apache-2.0).
#   make_hives.sh SRC_DIR OUT_DIR
# SYSTEM: Select\Current = 2; ControlSet001 (not in use) names OLDNAME and a
# service oldsvc; ControlSet002 names FS03, zone W. Europe Standard Time
# (Bias -60), services evilsvc (automatic) and W32Time (manual) and a key
# without values. SOFTWARE: Run, RunOnce, Wow6432Node Run, two Uninstall
# entries (one without DisplayName). NTUSER.DAT: plaso's NTUSER-RunTests.DAT
# (Run, RunOnce) plus RecentDocs and the RDP client's servers.
set -eu
src=$1
out=$2
mkdir -p "$out"
base=$src/tests/fuzz/corpus/regf/100_sub_keys.hiv

# hivexsh's "string:" values are UTF-16LE; hex:TYPE:bytes for binary ones
cp "$base" "$out/SYSTEM"
chmod u+w "$out/SYSTEM"
hivexsh -w "$out/SYSTEM" <<'HIVEX'
add Select
cd Select
setval 4
Current
dword:0x00000002
Default
dword:0x00000002
LastKnownGood
dword:0x00000001
Failed
dword:0x00000000
cd \
add ControlSet001
cd ControlSet001
add Control
add Services
cd Control
add ComputerName
cd ComputerName
add ComputerName
cd ComputerName
setval 1
ComputerName
string:OLDNAME
cd \ControlSet001\Services
add oldsvc
cd oldsvc
setval 2
ImagePath
expandstring:C:\old\old.exe
Start
dword:0x00000002
cd \
add ControlSet002
cd ControlSet002
add Control
add Services
cd Control
add ComputerName
add TimeZoneInformation
cd TimeZoneInformation
setval 4
TimeZoneKeyName
string:W. Europe Standard Time
StandardName
string:@tzres.dll,-322
Bias
dword:0xffffffc4
ActiveTimeBias
dword:0xffffff88
cd \ControlSet002\Control\ComputerName
add ComputerName
cd ComputerName
setval 1
ComputerName
string:FS03
cd \ControlSet002\Services
add evilsvc
add W32Time
add EmptyKey
cd evilsvc
setval 3
ImagePath
expandstring:%SystemRoot%\Temp\evil.exe -k
Start
dword:0x00000002
Type
dword:0x00000010
cd \ControlSet002\Services\W32Time
setval 3
ImagePath
expandstring:%SystemRoot%\system32\svchost.exe -k LocalService
Start
dword:0x00000003
DisplayName
string:Windows Time
commit
HIVEX

cp "$base" "$out/SOFTWARE"
chmod u+w "$out/SOFTWARE"
hivexsh -w "$out/SOFTWARE" <<'HIVEX'
add Microsoft
add Wow6432Node
cd Microsoft
add Windows
cd Windows
add CurrentVersion
cd CurrentVersion
add Run
add RunOnce
add Uninstall
cd Run
setval 2
Updater
string:C:\ProgramData\upd.exe -silent
SecurityHealth
expandstring:%windir%\system32\SecurityHealthSystray.exe
cd \Microsoft\Windows\CurrentVersion\RunOnce
setval 1
Stage2
string:cmd.exe /c del C:\Windows\Temp\s1.bat
cd \Microsoft\Windows\CurrentVersion\Uninstall
add 7-Zip
add KB4012212
cd 7-Zip
setval 4
DisplayName
string:7-Zip 19.00 (x64)
DisplayVersion
string:19.00
Publisher
string:Igor Pavlov
InstallDate
string:20201103
cd \Microsoft\Windows\CurrentVersion\Uninstall\KB4012212
setval 1
ParentKeyName
string:OperatingSystem
cd \Wow6432Node
add Microsoft
cd Microsoft
add Windows
cd Windows
add CurrentVersion
cd CurrentVersion
add Run
cd Run
setval 1
Helper32
string:C:\Users\Public\h32.exe
commit
HIVEX

cp "$src/tests/fuzz/corpus/regf/NTUSER-RunTests.DAT" "$out/NTUSER.DAT"
chmod u+w "$out/NTUSER.DAT"
# RecentDocs entries: the name in UTF-16LE, its NUL, then (here) 4 bytes
# standing for the shell item; MRUListEx lists entry 1 first
hivexsh -w "$out/NTUSER.DAT" <<'HIVEX'
cd \Software\Microsoft\Windows\CurrentVersion\Explorer
add RecentDocs
cd RecentDocs
setval 3
MRUListEx
hex:3:01,00,00,00,00,00,00,00,ff,ff,ff,ff
0
hex:3:6e,00,6f,00,74,00,65,00,73,00,2e,00,74,00,78,00,74,00,00,00,14,00,1f,00
1
hex:3:70,00,61,00,74,00,69,00,65,00,6e,00,74,00,73,00,2e,00,78,00,6c,00,73,00,78,00,00,00,14,00,1f,00
cd \Software\Microsoft
add Terminal Server Client
cd Terminal Server Client
add Servers
cd Servers
add 10.0.2.17
cd 10.0.2.17
setval 1
UsernameHint
string:OFFSEC\Administrator
commit
HIVEX
