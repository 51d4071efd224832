#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the seed corpus of fuzz_frame (tests/fuzz/corpus/frame/) from
# docs/formats/worker-frames.md, independently of analyze/worker/frame.c;
# run from the source tree root.
import os
import struct

OUT = "tests/fuzz/corpus/frame"
HELLO, FILE, EVENT, WARN, REJECT, PARTIAL, PROGRESS, END = range(1, 9)
FS_BEGIN, FS_ENTRY, FS_VOLUME, FS_HOSTNAME = 0x0100, 0x0101, 0x0102, 0x0103
HARM_ROW = 0x0200


def s(v):
    if v is None:
        return struct.pack("<I", 0xFFFFFFFF)
    b = v.encode() if isinstance(v, str) else v
    return struct.pack("<I", len(b)) + b


def frame(t, payload, reserved=0):
    return struct.pack("<HHI", t, reserved, len(payload)) + payload


def hello(item="E1", version=1):
    return frame(HELLO, struct.pack("<I", version) + s(item))


def file(index, kind):
    return frame(FILE, struct.pack("<I", index) + s(kind))


def event(times, code=-1, time_raw=None, time_rule="EVTX FILETIME", source="evtx",
          parser="evtx", category="log", host=None, user=None, path=None,
          locator="record=1;chunk=0;offset=4608", message="logon"):
    p = struct.pack("<Bq", len(times), code)
    for v in (time_raw, time_rule, source, parser, category, host, user, path, locator, message):
        p += s(v)
    for sec, ns, desc, attrs in times:
        p += struct.pack("<qI", sec, ns) + s(desc) + s(attrs)
    return frame(EVENT, p)


def end(events, rejected=0, recovered=0, rc=0, message=""):
    return frame(END, struct.pack("<QQQi", events, rejected, recovered, rc) + s(message))


def opt_time(t):
    return b"\0" if t is None else b"\1" + struct.pack("<qI", *t)


def fs_begin(offset=1048576, pool=0, fs_type="ntfs"):
    return frame(FS_BEGIN, struct.pack("<QQ", offset, pool) + s(fs_type))


def fs_entry(offset=1048576, pool=0, fs_type="ntfs", inode="35-128-1", meta=35, attr_type=128,
             attr_id=1, flags=2 | 8, path=b"/Users/\xff\x01raw", body=b"/Users/\xff^raw",
             link=None, mode="r/rrwxrwxrwx", mode_bits=0o777, uid=0, gid=0, size=4096,
             times=((1717423331, 5), None, (0, 0), None, None, (-5, 999999999))):
    p = struct.pack("<QQ", offset, pool) + s(fs_type) + s(inode) + struct.pack(
        "<QiIB", meta, attr_type, attr_id, flags) + s(path) + s(body) + s(link) + s(mode)
    p += struct.pack("<IIIQ", mode_bits, uid, gid, size)
    for t in times:
        p += opt_time(t)
    return frame(FS_ENTRY, p)


def fs_volume(entries, offset=1048576, pool=0, length=8388608, vs_type="dos",
              desc="NTFS / exFAT (0x07)", fs_type="ntfs", error=None):
    return frame(FS_VOLUME, struct.pack("<QQQ", offset, pool, length) + s(vs_type) + s(desc)
                 + s(fs_type) + struct.pack("<II", 4096, 512) + s(error)
                 + struct.pack("<Q", entries))

SIGMA_BEGIN, SIGMA_OPEN, SIGMA_SCALAR, SIGMA_CLOSE, SIGMA_END = range(0x0300, 0x0305)
NODE_NULL, NODE_SCALAR, NODE_SEQ, NODE_MAP = range(4)


def fs_hostname(raw, offset=1048576, pool=0, size=None, announced=None):
    # u64 part_offset, u64 pool_block, u64 size, u32 length, then the bytes
    n = len(raw) if announced is None else announced
    return frame(FS_HOSTNAME, struct.pack("<QQQI", offset, pool,
                                          len(raw) if size is None else size, n) + raw)


def sigma_seeds():
    """Sigma YAML trees ("Sigma YAML trees" in the document): a rule set of three files."""
    def begin(index, name):
        return frame(SIGMA_BEGIN, struct.pack("<I", index) + s(name))

    def opn(kind, line):
        return frame(SIGMA_OPEN, struct.pack("<BI", kind, line))

    def scalar(text, line, kind=NODE_SCALAR, quoted=0):
        return frame(SIGMA_SCALAR, struct.pack("<BBI", kind, quoted, line) + s(text))

    def close(count):
        return frame(SIGMA_CLOSE, struct.pack("<I", count))

    def send(rc=0, message=""):
        return frame(SIGMA_END, struct.pack("<i", rc) + s(message))

    rule = (opn(NODE_MAP, 1) + scalar("title", 1) + scalar("Shadow copies deleted", 1)
            + scalar("tags", 2) + opn(NODE_SEQ, 2) + scalar("attack.t1490", 2)
            + scalar("attack.impact", 2, quoted=1) + close(2)
            + scalar("detection", 3) + opn(NODE_MAP, 4) + scalar("sel", 4) + opn(NODE_MAP, 5)
            + scalar("CommandLine|contains", 5) + scalar("caf\u00e9 delete", 5)
            + scalar("Image", 6) + scalar("~", 6, kind=NODE_NULL) + close(4)
            + scalar("condition", 7) + scalar("sel", 7) + close(4) + close(6))
    good = (hello("rules") + begin(0, "windows/vss.yml") + rule + send()
            + begin(1, "bad.yml") + send(-7, "YAML line 3 column 10: did not find expected ',' or '}'")
            + begin(2, b"n\xe4me.yml") + scalar("just a scalar", 1) + send())
    deep = hello("rules") + begin(0, "deep.yml") + opn(NODE_SEQ, 1) * 65
    return {
        "sigma-rule-set": good,
        "sigma-truncated": good[:-5],
        "sigma-too-deep": deep,
        "sigma-unbalanced": hello("rules") + begin(0, "r.yml") + opn(NODE_SEQ, 1) + send(),
        "sigma-close-nothing": hello("rules") + begin(0, "r.yml") + close(0),
        "sigma-bad-count": hello("rules") + begin(0, "r.yml") + opn(NODE_MAP, 1)
        + scalar("key", 1) + close(1) + send(),
        "sigma-bad-utf8": hello("rules") + begin(0, "r.yml") + scalar(b"caf\xe9", 1) + send(),
        # a scalar's length over the 1 MiB limit: refused before its bytes are looked at
        "sigma-oversize-scalar": hello("rules") + begin(0, "r.yml")
        + frame(SIGMA_SCALAR, struct.pack("<BBII", NODE_SCALAR, 0, 1, (1 << 20) + 1) + b"a" * 8),
        "sigma-second-root": hello("rules") + begin(0, "r.yml") + scalar("a", 1)
        + scalar("b", 2) + send(),
        "sigma-inside-file": hello("rules") + file(0, "evtx") + begin(0, "r.yml"),
    }


def harm_row(cells, kind=0, locator="evidence/E1/files/harm.csv:2", where="line 2", ncells=None):
    p = struct.pack("<B", kind) + s(locator) + s(where)
    p += struct.pack("<H", len(cells) if ncells is None else ncells)
    for name, value in cells:
        p += s(name) + s(value)
    return frame(HARM_ROW, p)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    ev1 = event([(1717423331, 123456789, "Event Logged", '{"EventID":4624}')], code=4624,
                host="WS01", user="S-1-5-18", time_raw="2024-06-03T14:02:11Z")
    macb = event([(-5, 999999999, "Content Modification Time", '{"macb":"m"}'),
                  (0, 0, "Last Access Time", None),
                  (1, 1, "Creation Time", '{"macb":"b"}')],
                 time_rule="ext4 UTC", source="fs", parser="tsk", category="file",
                 path=b"/home/\xff\x01raw", locator="part_offset=2048;inode=12",
                 message=b"/home/\xff\x01raw (deleted)")
    good = (hello() + file(0, "evtx") + ev1 + macb
            + frame(WARN, s("record 9: bad XML"))
            # a coded warning: text, then code and params (worker-frames.md, WARN)
            + frame(WARN, s("'a.log' line 3: last line has no newline") + s("source.no-final-newline")
                    + s('{"file":"a.log","line":3}'))
            + frame(REJECT, struct.pack("<QQ", 9, 70000) + s("bad XML"))
            + frame(PARTIAL, s("budget") + s("stopped at the event budget"))
            + frame(PROGRESS, struct.pack("<QQ", 65536, 69632))
            + end(4, rejected=2, recovered=1)
            + file(3, "tsk") + end(0, rc=-7, message="no file system"))
    seeds = {
        "good-stream": good,
        "one-event": hello() + file(0, "syslog") + event(
            [(1700000000, 0, "Event Logged", None)], source="syslog", parser="syslog",
            locator="line=1;offset=0", message="sshd[1]: Accepted") + end(1),
        "truncated": good[:-3],
        "bad-utf8-warn": hello() + file(0, "evtx") + frame(WARN, s(b"caf\xe9")) + end(0),
        "warn-bad-code": hello() + file(0, "evtx") + frame(WARN, s("x") + s("no token") + s("{}")) + end(0),
        "nul-message": hello() + file(0, "evtx") + event(
            [(0, 0, "Event Logged", None)], message=b"a\x00b") + end(1),
        "time-out-of-range": hello() + file(0, "evtx") + event(
            [(9300000000, 0, "Event Logged", None)]) + end(1),
        "control-locator": hello() + file(0, "evtx") + event(
            [(0, 0, "Event Logged", None)], locator="line=1\n") + end(1),
        "oversize-header": hello() + struct.pack("<HHI", EVENT, 0, (16 << 20) + 1),
        "reserved-type": hello() + frame(0x0105, b"\0" * 8),
        "end-lies": hello() + file(0, "evtx") + ev1 + end(2),
        "fs-good": hello() + file(0, "tsk") + fs_begin() + fs_entry()
        + fs_entry(inode="36", meta=36, attr_type=-1, attr_id=0, flags=0 | 4 | 8, link=b"/x")
        + fs_volume(2) + fs_volume(0, offset=0, vs_type="", fs_type=None,
                                   error="no file system recognised") + end(0, recovered=1),
        "fs-no-begin": hello() + file(0, "tsk") + fs_entry() + end(0),
        "fs-other-volume": hello() + file(0, "tsk") + fs_begin() + fs_entry(offset=512) + end(0),
        "fs-bad-inode": hello() + file(0, "tsk") + fs_begin() + fs_entry(inode="35") + end(0),
        "fs-count-lies": hello() + file(0, "tsk") + fs_begin() + fs_entry() + fs_volume(3)
        + end(0),
        "fs-from-syslog": hello() + file(0, "syslog") + fs_begin() + end(0),
        "fs-hostname": hello() + file(0, "tsk") + fs_volume(0)
        + fs_hostname(b"srv\x1b\xff\0evil\n", size=10240) + end(0),
        "fs-hostname-short": hello() + file(0, "tsk")
        + fs_hostname(b"srv\n", size=4, announced=9) + end(0),
    }
    seeds.update(sigma_seeds())
    # hospital rows (worker-frames.md, "Hospital rows"): the cells of a row
    cells = [("schema", "lifeline-harm/1"), ("event_id", "H-0001"),
             ("summary", "ligne 1\nligne 2, \u00e9t\u00e9")]
    harm = hello() + file(0, "harm-csv")
    seeds.update({
        "harm-row": harm + harm_row(cells) + end(0),
        "harm-bad-kind": harm + harm_row(cells, kind=4) + end(0),
        "harm-ncells-lies": harm + harm_row(cells, ncells=4) + end(0),
        "harm-empty-value": harm + harm_row([("schema", "")]) + end(0),
        "harm-outside-file": harm + end(0) + harm_row(cells),
    })
    for name, data in seeds.items():
        with open(os.path.join(OUT, name + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
