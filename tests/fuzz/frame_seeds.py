#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the seed corpus of fuzz_frame (tests/fuzz/corpus/frame/) from
# docs/formats/worker-frames.md, independently of analyze/worker/frame.c;
# run from the source tree root.
import os
import struct

OUT = "tests/fuzz/corpus/frame"
HELLO, FILE, EVENT, WARN, REJECT, PARTIAL, PROGRESS, END = range(1, 9)
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
        "nul-message": hello() + file(0, "evtx") + event(
            [(0, 0, "Event Logged", None)], message=b"a\x00b") + end(1),
        "time-out-of-range": hello() + file(0, "evtx") + event(
            [(9300000000, 0, "Event Logged", None)]) + end(1),
        "control-locator": hello() + file(0, "evtx") + event(
            [(0, 0, "Event Logged", None)], locator="line=1\n") + end(1),
        "oversize-header": hello() + struct.pack("<HHI", EVENT, 0, (16 << 20) + 1),
        "reserved-type": hello() + frame(0x0100, b"\0" * 8),
        "end-lies": hello() + file(0, "evtx") + ev1 + end(2),
    }
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
