#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Makes a differencing disk's view equal a raw image by writing, with
qemu-io, only the 64 KiB chunks where that image differs from its parent's
view: the child holds just those grains/clusters, the rest is read through
its parent. Usage: vdisk_child.py FORMAT PARENT_VIEW.raw WANT.raw CHILD
(CHILD made beforehand with qemu-img create -b). Prints the chunks written."""
import os
import subprocess
import sys
import tempfile

CHUNK = 65536


def main():
    fmt, parent_raw, want_raw, child = sys.argv[1:5]
    a = open(parent_raw, "rb").read()
    b = open(want_raw, "rb").read()
    if len(a) != len(b):
        sys.exit("views of other sizes")
    cmds = []
    with tempfile.TemporaryDirectory() as tmp:
        for off in range(0, len(b), CHUNK):
            if a[off:off + CHUNK] == b[off:off + CHUNK]:
                continue
            src = os.path.join(tmp, "c%d" % off)
            with open(src, "wb") as f:
                f.write(b[off:off + CHUNK])
            n = min(CHUNK, len(b) - off)
            cmds += ["-c", "write -q -s %s %d %d" % (src, off, n)]
        if not cmds:
            sys.exit("the views are the same: no child to make")
        subprocess.run(["qemu-io", "-f", fmt] + cmds + [child], check=True)
    print(len(cmds) // 2)


main()
