#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Makes E01 images with ewfacquire (other compression levels, chunk sizes and
# segmentations than lifeline writes) in DIR, and DIR/index with the MD5 and
# SHA-1 of each image's media as ewfexport exports it (the oracle).
#   sh make_ewf_images.sh DIR
# Exit 77 when a tool is missing (the caller skips), anything else non-zero
# is a broken fixture (the caller fails).
set -eu
d=$1
for t in ewfacquire ewfexport md5sum sha1sum; do
	command -v "$t" >/dev/null 2>&1 || { echo "needs $t" >&2; exit 77; }
done
mkdir -p "$d"
cd "$d"
# 256 KiB random, ~1 MiB of distinct text lines, 256 KiB zeros, 100 KiB random.
{
	head -c 262144 /dev/urandom
	seq -f 'ward %g: patient record line, admitted and transferred' 1 25000 | head -c 1048576
	head -c 262144 /dev/zero
	head -c 102400 /dev/urandom
} >in.bin
# Not a multiple of 512: ewfacquire keeps the tail in the last chunk beyond the media size.
{ cat in.bin; head -c 333 /dev/urandom; } >odd.bin
: >index
# img NAME INPUT EWFACQUIRE-OPTIONS...
img() {
	name=$1 input=$2
	shift 2
	ewfacquire -q -u "$@" -t "$name" "$input" >"$name.log" 2>&1 || { cat "$name.log" >&2; exit 1; }
	# (not -t -: ewfexport writes its banner to standard output too)
	ewfexport -q -u -f raw -t "$name.export" "$name.E01" >"$name.log" 2>&1 || { cat "$name.log" >&2; exit 1; }
	md5=$(md5sum <"$name.export.raw" | cut -d' ' -f1)
	sha1=$(sha1sum <"$name.export.raw" | cut -d' ' -f1)
	rm -f "$name.export.raw" "$name.export.raw.info"
	echo "$name $md5 $sha1" >>index
}
img none_b64 in.bin -c none -b 64
img empty_b16 in.bin -c empty-block -b 16
img fast_b128 in.bin -c fast -b 128
img best_b256 in.bin -c best -b 256
img fast_odd odd.bin -c fast -b 64
img none_odd odd.bin -c none -b 32
img best_b16384 in.bin -c best -b 16384
img none_seg in.bin -c none -b 64 -S 1048576
