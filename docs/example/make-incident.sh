#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Generates the sample incident of docs/example/README.md into OUTDIR (never
# into git): the file server's disk image, its event logs, the lab server's
# syslog and web log, and the hospital's four data files. Deterministic: the
# same script gives the same bytes on any machine (fixed seeds, fixed times).
#
# Usage: docs/example/make-incident.sh OUTDIR
# Needs: mkfs.ext4 and debugfs (e2fsprogs), openssl, awk, perl, GNU coreutils.
set -eu
export LC_ALL=C TZ=UTC
PATH=$PATH:/usr/sbin:/sbin
here=$(cd "$(dirname "$0")" && pwd)
gen=$here/gen

if [ $# -ne 1 ] || [ "${1#-}" != "$1" ]; then
	echo "usage: docs/example/make-incident.sh OUTDIR" >&2
	exit 2
fi
out=$1
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
	echo "make-incident: '$out' is not empty; remove it or give a new directory" >&2
	exit 5
fi
for t in mkfs.ext4 debugfs openssl awk perl sort cut head xargs; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "make-incident: '$t' is missing (run scripts/deps.sh)" >&2
		exit 3
	}
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out/.build
mkdir -p "$work" "$out/fs03-logs" "$out/labsrv01" "$out/hospital"

# The scenario's clock (UTC), built around the times inside the event logs.
ep() { date -u -d "$1" +%s; }
t_install=$(ep '2021-05-17 09:00:00')   # FS03's data volume set up
t_from=$(ep '2021-05-20 00:00:00')      # first patient documents
t_until=$(ep '2021-11-13 00:00:00')     # last normal change
t_quiet=$(ep '2021-11-13 07:00:00')     # last normal read
burst=$(ep '2021-11-13 14:36:00')       # encryption starts
burst_len=600                           # ... and runs 10 minutes
n_enc=1750                              # files encrypted before FS03 was cut off
seed=20211113
# the ransomware's key: its output is real AES-256-CTR ciphertext
ekey=6c6966656c696e652d73616d706c652d72616e736f6d776172652d6b65792121
eiv=000102030405060708090a0b0c0d0e0f

step() { printf "make-incident: [%s] %s\n" "$(date +%T)" "$*" >&2; }

# --- 1. the file share, as plaintext, and its manifest ---------------------
step "writing 2,000 patient documents"
tree=$work/tree
mkdir -p "$tree"
awk -f "$gen/tree.awk" -v root="$tree" -v seed="$seed" -v t_install="$t_install" \
	-v t_from="$t_from" -v t_until="$t_until" -v t_quiet="$t_quiet" \
	-v burst_start="$burst" -v burst_len="$burst_len" -v n_enc="$n_enc" \
	>"$work/manifest"

# --- 2. the encryption: one AES-CTR stream over the files, in walk order ----
step "encrypting $n_enc of them"
awk -F'\t' '$1 == "E" { print $3 "\t" $8 }' "$work/manifest" >"$work/enc.list"
cut -f1 "$work/enc.list" | sed "s|^|$tree|" | xargs cat >"$work/plain.bin"
openssl enc -aes-256-ctr -nosalt -K "$ekey" -iv "$eiv" \
	-in "$work/plain.bin" -out "$work/cipher.bin"
# cut the stream back into files (perl: one process, not one per file)
perl -e '
	my ($tree, $list, $cipher) = @ARGV;
	open(my $l, "<", $list) or die "$list: $!";
	open(my $c, "<:raw", $cipher) or die "$cipher: $!";
	while (<$l>) {
		chomp;
		my ($path, $size) = split /\t/;
		read($c, my $buf, $size) == $size or die "short ciphertext";
		open(my $o, ">:raw", "$tree$path.locked") or die "$path: $!";
		print $o $buf;
		close($o) or die "$path: $!";
		unlink("$tree$path") or die "$path: $!";
	}' "$tree" "$work/enc.list" "$work/cipher.bin"
rm "$work/plain.bin" "$work/cipher.bin"

# --- 3. the nightly backups the attacker deletes ----------------------------
step "writing and deleting the backups"
mkdir -p "$tree/Backups"
: >"$work/backups"
for d in 06 07 08 09 10 11 12; do
	f=/Backups/FS03-D_2021-11-$d.bak
	openssl enc -aes-256-ctr -nosalt -K "$ekey" -iv "0000000000000000000000000000$d$d" \
		-in /dev/zero 2>/dev/null | head -c 393216 >"$tree$f" || true
	c=$(ep "2021-11-$d 01:00:00")
	printf 'F\t%s\t%s\t%d\t%d\t%d\t%d\t393216\n' "$f" "$f" "$c" $((c + 1740)) \
		$((c + 1740)) $((c + 1740)) >>"$work/backups"
done
printf 'D\t/Backups\t/Backups\t%d\t%d\t%d\t%d\t0\n' "$t_install" "$(ep '2021-11-12 01:29:00')" \
	"$(ep '2021-11-12 01:29:00')" "$(ep '2021-11-12 01:29:00')" >>"$work/backups"
printf 'D\t/lost+found\t/lost+found\t%d\t%d\t%d\t%d\t0\n' "$t_install" "$t_install" \
	"$t_install" "$t_install" >>"$work/backups"

# --- 4. the ext4 volume and its times ---------------------------------------
step "building the file system"
uuid=3f2a9c1e-5b7d-4e21-9a6c-0d4e8b1f2a73
E2FSPROGS_FAKE_TIME=$t_install mkfs.ext4 -q -F -b 4096 -L FS03-DATA -U "$uuid" \
	-E "hash_seed=$uuid,root_owner=0:0,nodiscard" -J size=4 \
	-d "$tree" "$work/fs.img" 64512K >/dev/null
cat "$work/manifest" "$work/backups" | awk -f "$gen/timeset.awk" >"$work/times.cmd"
E2FSPROGS_FAKE_TIME=$t_install debugfs -w -f "$work/times.cmd" "$work/fs.img" \
	>"$work/debugfs.log" 2>&1
if grep -q -E '^(sif|set_inode_field): ' "$work/debugfs.log"; then
	grep -E '^(sif|set_inode_field): ' "$work/debugfs.log" | head -5 >&2
	echo "make-incident: debugfs could not set some inode times" >&2
	exit 70
fi
# 14:33:10, every 4 s: the attacker deletes the backups (debugfs stamps the
# deletion with E2FSPROGS_FAKE_TIME)
del=$(ep '2021-11-13 14:33:10')
for d in 06 07 08 09 10 11 12; do
	# an unlink changes the inode (ctime) and its folder (mtime, ctime)
	f=/Backups/FS03-D_2021-11-$d.bak
	printf 'sif %s ctime @%d\nrm %s\nsif /Backups mtime @%d\nsif /Backups ctime @%d\n' \
		"$f" "$del" "$f" "$del" "$del" >"$work/rm.cmd"
	E2FSPROGS_FAKE_TIME=$del debugfs -w -f "$work/rm.cmd" "$work/fs.img" >>"$work/debugfs.log" 2>&1
	del=$((del + 4))
done

# --- 5. the disk: an MBR with one partition at 1 MiB, then the volume --------
step "assembling the disk image"
sectors=$(( $(stat -c %s "$work/fs.img") / 512 ))
le32() { printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)) \
	$((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
{
	head -c 440 /dev/zero
	printf '\003\020\041\106\000\000'                 # disk signature 0x46211003
	# status, CHS first, type 0x83 (Linux), CHS last, LBA start, sector count
	printf "\\000\\376\\377\\377\\203\\376\\377\\377$(le32 2048)$(le32 "$sectors")"
	head -c 48 /dev/zero
	printf '\125\252'
	head -c $((2048 * 512 - 512)) /dev/zero
	cat "$work/fs.img"
} >"$out/fs03-data.raw"

# --- 6. the event logs, the lab server's logs, the hospital's data ----------
step "copying the event logs and writing the lab server's logs"
cp "$here/evtx/cc0_7045_payload_deployed_via_service.evtx" "$out/fs03-logs/System.evtx"
cp "$here/evtx/cc0_4624_runas_different_user.evtx" "$out/fs03-logs/Security.evtx"
for w in syslog access; do
	awk -f "$gen/logs.awk" -v which=$w -v seed=$seed -v skew=127 |
		sort -s -n -k1,1 | cut -f2- >"$work/$w"
done
mv "$work/syslog" "$out/labsrv01/syslog"
mv "$work/access" "$out/labsrv01/access.log"
step "writing the hospital's data"
sh "$gen/hospital.sh" "$out/hospital" "$seed"

# --- 7. what the story says lifeline should find (for tests and readers) ----
awk -F'\t' -v n_enc="$n_enc" '
	$1 == "E" { e++; if (!f || $5 < f) f = $5; if ($5 > l) l = $5 }
	$1 == "N" { n++ }
	$1 == "E" || $1 == "F" { files++ }
	END {
		printf "FILES=%d\nENCRYPTED=%d\nNOTES=%d\nBURST_FIRST=%d\nBURST_LAST=%d\n",
		       files, e, n, f, l
	}' "$work/manifest" >"$out/expected.env"
cat >>"$out/expected.env" <<EOF
DELETED_BACKUPS=7
ATTACKER_IP=203.0.113.45
LAB_CLOCK_SLOW_SECONDS=127
ATTACK_WINDOW=2021-11-13T00:00:00Z/2021-11-18T00:00:00Z
BASELINE_WINDOW=2021-10-16T00:00:00Z/2021-11-13T00:00:00Z
EOF
rm -rf "$work"
(cd "$out" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum >SHA256SUMS)
step "done: $out"
