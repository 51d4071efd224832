#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""libvhdi itself reading a differencing VHD/VHDX chain (t2772, t2775).

  libvhdi_chain_read.py CHILD PARENT RAW [--sectors]

Opens CHILD and PARENT with libvhdi (libvhdi.so.1 through ctypes), gives the
child its parent (libvhdi_file_set_parent_file) and reads the child's view
whole; with --sectors also sector by sector. Exit 0 when every read equals
the raw image RAW, 3 when one does not (naming the first differing
sector), anything else when libvhdi could not be driven at all, so a test
can tell "libvhdi misreads" from "the check did not run".
"""
import ctypes
import sys

q = ctypes.CDLL("libvhdi.so.1")
q.libvhdi_file_read_buffer_at_offset.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                                 ctypes.c_longlong, ctypes.c_void_p]


def op(p):
    f = ctypes.c_void_p(); e = ctypes.c_void_p()
    assert q.libvhdi_file_initialize(ctypes.byref(f), ctypes.byref(e)) == 1
    assert q.libvhdi_file_open(f, p.encode(), 1, ctypes.byref(e)) == 1
    return f


c, b = op(sys.argv[1]), op(sys.argv[2])
assert q.libvhdi_file_set_parent_file(c, b, ctypes.byref(ctypes.c_void_p())) == 1
want = open(sys.argv[3], "rb").read()
buf = ctypes.create_string_buffer(len(want))
assert q.libvhdi_file_read_buffer_at_offset(c, buf, len(want), 0, ctypes.byref(ctypes.c_void_p())) == len(want)
if buf.raw != want:
    print("# libvhdi's view of the chain is not %s (whole read)" % sys.argv[3])
    sys.exit(3)
if "--sectors" in sys.argv[4:]:
    for at in range(0, len(want), 512):
        s = ctypes.create_string_buffer(512)
        q.libvhdi_file_read_buffer_at_offset(c, s, 512, at, ctypes.byref(ctypes.c_void_p()))
        if s.raw != want[at:at + 512]:
            print("# libvhdi reads the sector at offset %d unlike %s" % (at, sys.argv[3]))
            sys.exit(3)
