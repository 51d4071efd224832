#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs what a fresh Debian 12 machine lacks to build and test lifeline.
# Safe to run again: it installs only missing packages. Uses sudo when not root.
# (weasyprint renders the case file's report.pdf; poppler-utils' pdfinfo,
# pdftotext and pdftoppm check it in the tests.)
# (pandoc makes the man pages from docs/commands; man-db and groff-base read them in the test.)
# (libregf-utils (regfexport) and libhivex-bin (hivexsh, hivexml) are the oracles and
# the fixture writer of the registry hive reader's tests.)
# (nginx and apache2 are the oracles of the web log tests t2210, t2211, which start
# their own server processes; the packages' own services need not run.)
# (debhelper and lintian build and check the Debian package in t0007; dpkg-dev and
# fakeroot come with build-essential and debhelper.)
# (auditd brings ausearch, the oracle of the audit log reader's test; its
# daemon is not needed.)
set -eu

PKGS="build-essential cmake pkg-config git
libssl-dev libsqlite3-dev sqlite3 libjansson-dev zlib1g-dev libdeflate-dev
libewf-dev ewf-tools libtsk-dev sleuthkit libevtx-dev libevtx-utils libevt-dev libevt-utils
libyaml-dev libpcre2-dev libcurl4-openssl-dev libcmocka-dev
libsystemd-dev systemd-journal-remote auditd libseccomp-dev
clang-14 libclang-rt-14-dev cppcheck
e2fsprogs dosfstools mtools ntfs-3g dc3dd openssl xxd python3 perl tzdata
apfsprogs fdisk
chromium weasyprint poppler-utils pandoc man-db groff-base
nginx apache2 curl
libregf-dev libregf-utils libhivex-bin
debhelper lintian"
# Node.js and npm run the CASE validator; a machine may have them from a
# package other than Debian's (whose npm conflicts with it): ask for the
# commands, not the package names.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
# libscca reads Prefetch files (loaded, not linked); sccainfo is its tests' oracle.
PKGS="$PKGS libscca-dev libscca-utils"
# qemu-img makes the virtual disks (VMDK, VHD, VHDX) of the tests from raw images;
# libtsk reads them with libvmdk and libvhdi (its own dependencies).
PKGS="$PKGS qemu-utils"
# libqcow reads QCOW images (loaded, not linked, in workers); qcowinfo names their version.
PKGS="$PKGS libqcow-dev libqcow-utils"
# libvmdk and libvhdi called directly (loaded, not linked) for differencing VMDK/VHD chains,
# which libtsk's image layer opens without their parents (analyze/tsk/tsk_vchain.c);
# vhdiinfo names a differencing VHD's parent in t2772.
PKGS="$PKGS libvmdk-dev libvhdi-dev libvhdi-utils"
# libvshadow (shadow copies) and libbde (BitLocker) read volumes inside images through a
# libbfio handle (loaded, not linked, in workers); vshadowinfo/vshadowmount and bdeinfo are oracles.
PKGS="$PKGS libvshadow-dev libvshadow-utils libbde-dev libbde-utils libbfio-dev xz-utils"
# libpq (linked: core/pg/, the PostgreSQL case store) and the server the
# t40xx tests start in a temporary directory (tests/cli/pg_lib.sh).
PKGS="$PKGS libpq-dev postgresql-15"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "deps: missing packages:$missing; run as root or install sudo" >&2
		exit 1
	fi
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
