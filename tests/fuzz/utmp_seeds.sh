#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Writes the seed corpus of fuzz_utmp (tests/fuzz/corpus/utmp/) with glibc's
# updwtmp(3) through tests/cli/utmp_write.c; run from the source tree root.
set -eu
out=tests/fuzz/corpus/utmp
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -o "$tmp/w" tests/cli/utmp_write.c
mkdir -p "$out"
rm -f "$out"/*
T=$(printf '\t')
"$tmp/w" "$out/wtmp-4" <<TSV
2${T}0${T}~${T}~~${T}reboot${T}6.1.0-21-amd64${T}-${T}1717236000${T}0${T}0${T}0${T}0
7${T}812${T}pts/0${T}ts/0${T}nurse1${T}10.1.2.3${T}10.1.2.3${T}1717236060${T}123456${T}4${T}0${T}0
7${T}813${T}pts/1${T}ts/1${T}admin${T}ward7.example.org${T}2001:db8::7${T}1717236070${T}999999${T}5${T}0${T}0
8${T}812${T}pts/0${T}ts/0${T}-${T}-${T}-${T}1717239660${T}5${T}4${T}0${T}0
TSV
"$tmp/w" "$out/btmp-2" <<TSV
6${T}901${T}ssh:notty${T}-${T}root${T}203.0.113.9${T}203.0.113.9${T}1717237000${T}1${T}0${T}0${T}0
1${T}20021${T}~${T}~~${T}runlevel${T}6.1.0-21-amd64${T}-${T}1717236001${T}0${T}0${T}0${T}0
TSV
# damaged: a record, a zeroed one, one with an impossible type, a cut one
head -c 384 "$out/wtmp-4" >"$tmp/d"
head -c 384 /dev/zero >>"$tmp/d"
{ printf 'M\0'; tail -c +3 "$out/btmp-2" | head -c 382; } >>"$tmp/d"
head -c 100 "$out/wtmp-4" >>"$tmp/d"
mv "$tmp/d" "$out/damaged"
ls -l "$out"
