# SPDX-License-Identifier: Apache-2.0
# Boundary and random times for every time parser (issue #14 item 1), and the
# check of what lifeline stored against Python's own calendar (the oracle).
#
#   python3 times.py gen DIR SEED   writes DIR/<kind>.<ext> and DIR/expect.tsv
#   python3 times.py check DIR CASE.DB IDS.TSV OUT...
#
# A time is in range when its UTC instant fits an int64 count of ns since
# 1970: 1677-09-21T00:12:43.145224192Z .. 2262-04-11T23:47:16.854775807Z.
# Every in-range line must be stored at exactly that instant; every other line
# must be rejected with its line named, and never stored.
import datetime
import os
import random
import sqlite3
import sys

LO, HI = -(2 ** 63), 2 ** 63 - 1
MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
EPOCH = datetime.date(1970, 1, 1).toordinal()


def oracle(y, mo, d, h, mi, s, frac, off):
    """ns since 1970 by Python's calendar; None when not storable."""
    if y < 1:
        return None  # year 0000: before 1677 whatever the offset
    days = datetime.date(y, mo, d).toordinal() - EPOCH
    ns = ((days * 86400 + h * 3600 + mi * 60 + s) - off) * 10 ** 9 + frac
    return ns if LO <= ns <= HI else None


def offtxt(off, colon=True):
    if off == 0:
        return "Z" if colon else "+0000"
    sgn = "+" if off > 0 else "-"
    a = abs(off)
    return "%s%02d%s%02d" % (sgn, a // 3600, ":" if colon else "", a // 60 % 60)


def times(rng, frac_ok, off_ok, n_random=150):
    """(y, mo, d, h, mi, s, frac, off) tuples: the edges, the issue's own
    examples, leap days, and random dates around and inside the range."""
    T = []
    f = frac_ok
    # the edges, to the nanosecond when the format has one
    T += [(1677, 9, 21, 0, 12, 43, 145224192 if f else 0, 0),
          (1677, 9, 21, 0, 12, 43, 145224191, 0) if f else (1677, 9, 21, 0, 12, 44, 0, 0),
          (1677, 9, 21, 0, 12, 43, 0, 0),
          (2262, 4, 11, 23, 47, 16, 854775807 if f else 0, 0),
          (2262, 4, 11, 23, 47, 16, 854775808, 0) if f else (2262, 4, 11, 23, 47, 17, 0, 0),
          (2262, 4, 12, 0, 0, 0, 0, 0),
          (1677, 9, 20, 23, 59, 59, 999999999 if f else 0, 0)]
    # the examples and the far years
    T += [(2606, 6, 4, 14, 10, 33, 709551616 if f else 0, 0),
          (1492, 10, 12, 0, 0, 0, 0, 0), (0, 1, 1, 0, 0, 0, 0, 0),
          (9999, 12, 31, 23, 59, 59, 999999999 if f else 0, 0),
          (2021, 11, 13, 14, 36, 0, 0, 0)]
    # leap days, in and out of range
    T += [(2000, 2, 29, 12, 0, 0, 0, 0), (2024, 2, 29, 23, 59, 59, 0, 0),
          (1704, 2, 29, 0, 0, 0, 0, 0), (2260, 2, 29, 6, 30, 0, 0, 0),
          (1600, 2, 29, 0, 0, 0, 0, 0), (2400, 2, 29, 0, 0, 0, 0, 0)]
    if off_ok:
        # an offset that moves a time across an edge, either way
        T += [(2262, 4, 11, 23, 47, 16, 854775807 if f else 0, -60),
              (2262, 4, 12, 0, 30, 0, 0, 3600),
              (2262, 4, 11, 23, 0, 0, 0, -3600),
              (1677, 9, 21, 0, 12, 44, 0, 60),
              (1677, 9, 20, 23, 59, 0, 0, -3600),
              (1677, 9, 21, 0, 30, 0, 0, 3600)]
    for _ in range(n_random):
        y = rng.choice([rng.randint(1, 9999), rng.randint(1670, 2270),
                        rng.randint(1677, 1678), rng.randint(2261, 2262)])
        mo = rng.randint(1, 12)
        dmax = (datetime.date(y + (mo == 12), mo % 12 + 1, 1) -
                datetime.date(y, mo, 1)).days if y < 9999 or mo < 12 else 31
        off = rng.randint(-14 * 60, 14 * 60) * 60 if off_ok else 0
        T.append((y, mo, rng.randint(1, dmax), rng.randint(0, 23), rng.randint(0, 59),
                  rng.randint(0, 59), rng.randint(0, 999999999) if f else 0, off))
    return T


def rfc3339(t, sep="T"):
    y, mo, d, h, mi, s, frac, off = t
    return "%04d-%02d-%02d%s%02d:%02d:%02d.%09d%s" % (y, mo, d, sep, h, mi, s, frac, offtxt(off))


def gen(out, seed):
    rng = random.Random(seed)
    exp = []
    files = {}

    def add(kind, lines, expected):
        files[kind] = lines
        exp.extend("%s\t%d\t%s" % (kind, ln, "REFUSED" if ns is None else ns)
                   for ln, ns in expected)

    # mapped CSV, RFC 3339 column (and a zone-less one with a fixed zone)
    T = times(rng, True, True)
    lines = ["when,host,what"]
    e = []
    for t in T:
        lines.append("%s,h1,row %d" % (rfc3339(t), len(lines)))
        e.append((len(lines), oracle(*t)))
    add("csv", lines, e)
    # mapped CSV, strftime-like format with %z
    T = times(rng, True, True)
    lines = ["when,what"]
    e = []
    for t in T:
        y, mo, d, h, mi, s, frac, off = t
        lines.append("%04d-%02d-%02d %02d:%02d:%02d.%09d %s,x" % (y, mo, d, h, mi, s, frac,
                                                                offtxt(off, False)))
        e.append((len(lines), oracle(*t)))
    add("csvfmt", lines, e)
    # mapped CSV, no zone in the data: the mapping's zone (+05:30) applies
    T = [t[:7] + (0,) for t in times(rng, True, False)]
    T += [(2262, 4, 12, 5, 17, 16, 854775807, 0), (2262, 4, 12, 5, 17, 16, 854775808, 0),
          (1677, 9, 21, 5, 42, 43, 145224191, 0), (1677, 9, 21, 5, 42, 43, 145224192, 0)]
    lines = ["when,what"]
    e = []
    for t in T:
        lines.append("%s,x" % rfc3339(t)[:-1])
        e.append((len(lines), oracle(*(t[:7] + (19800,)))))
    add("csvzone", lines, e)
    # JSON Lines
    T = times(rng, True, True)
    lines, e = [], []
    for t in T:
        lines.append('{"ts":"%s","msg":"m"}' % rfc3339(t))
        e.append((len(lines), oracle(*t)))
    add("jsonl", lines, e)
    # syslog RFC 5424 and RFC 3339 (rsyslog high precision)
    T = times(rng, True, True)
    lines, e = [], []
    for t in T:
        lines.append("<34>1 %s host app 42 ID47 - msg %d" % (rfc3339(t), len(lines)))
        e.append((len(lines), oracle(*t)))
    add("s5424", lines, e)
    T = times(rng, True, True)
    lines, e = [], []
    for t in T:
        lines.append("%s host app[42]: msg %d" % (rfc3339(t), len(lines)))
        e.append((len(lines), oracle(*t)))
    add("siso", lines, e)
    # RFC 3164 with --year 2262 (--year takes 1970..9999), months in order
    for y, name in ((2262, "s3164"),):
        T = sorted(t for t in times(rng, False, False, 60) if True)
        T = [(y,) + t[1:] for t in T if not (t[1] == 2 and t[2] == 29)]
        T += [(y, 4, 11, 23, 47, 16, 0, 0), (y, 4, 11, 23, 47, 17, 0, 0),
              (y, 9, 21, 0, 12, 43, 0, 0), (y, 9, 21, 0, 12, 44, 0, 0)]
        T.sort()
        lines, e = [], []
        for t in T:
            _, mo, d, h, mi, s, _, _ = t
            lines.append("%s %2d %02d:%02d:%02d host app[1]: msg %d" % (MON[mo - 1], d, h, mi, s,
                                                                     len(lines)))
            e.append((len(lines), oracle(*t)))
        add(name, lines, e)
    # Apache/nginx common log format: whole seconds and an offset
    T = times(rng, False, True)
    lines, e = [], []
    for t in T:
        y, mo, d, h, mi, s, _, off = t
        lines.append('192.0.2.1 - - [%02d/%s/%04d:%02d:%02d:%02d %s] "GET /%d HTTP/1.1" 200 5'
                     % (d, MON[mo - 1], y, h, mi, s, offtxt(off, False), len(lines)))
        e.append((len(lines), oracle(*t)))
    add("clf", lines, e)
    # IIS / W3C extended: UTC date and time fields with a fraction
    T = times(rng, True, False)
    lines = ["#Software: Microsoft Internet Information Services 10.0",
             "#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status"]
    e = []
    for t in T:
        y, mo, d, h, mi, s, frac, _ = t
        lines.append("%04d-%02d-%02d %02d:%02d:%02d.%03d 192.0.2.1 GET /x - 200"
                     % (y, mo, d, h, mi, s, frac // 1000000))
        e.append((len(lines), oracle(y, mo, d, h, mi, s, frac // 1000000 * 1000000, 0)))
    add("w3c", lines, e)
    # dpkg.log (local time; UTC without --tz)
    T = times(rng, False, False)
    lines, e = [], []
    for t in T:
        y, mo, d, h, mi, s, _, _ = t
        lines.append("%04d-%02d-%02d %02d:%02d:%02d status installed pkg%d:amd64 1.0"
                     % (y, mo, d, h, mi, s, len(lines)))
        e.append((len(lines), oracle(*t)))
    add("dpkg", lines, e)
    # apt history.log: the Start-Date line locates the run
    T = times(rng, False, False, 40)
    lines, e = [], []
    for t in T:
        y, mo, d, h, mi, s, _, _ = t
        lines.append("Start-Date: %04d-%02d-%02d  %02d:%02d:%02d" % (y, mo, d, h, mi, s))
        e.append((len(lines), oracle(*t)))
        lines += ["Commandline: apt-get install x", "Install: x:amd64 (1.0)",
                  "End-Date: %04d-%02d-%02d  %02d:%02d:%02d" % (y, mo, d, h, mi, s), ""]
    add("apt", lines, e)
    # bash history: '#EPOCH' (10 digits reach 2286)
    secs = [9223372036, 9223372037, 9999999999, 1000000000, 4102444800,
            -1 + 9223372036] + [rng.randint(1000000000, 9999999999) for _ in range(60)]
    lines, e = [], []
    for s in secs:
        lines.append("#%d" % s)
        ns = s * 10 ** 9
        e.append((len(lines), ns if ns <= HI else None))
        lines.append("echo %d" % s)
    add("bash", lines, e)
    # auditd: msg=audit(SEC.MSEC:SERIAL)
    secs = [(9223372036, 854), (9223372036, 855), (9223372035, 999), (9223372037, 0),
            (1717236100, 612)] + [(rng.randint(1000000000, 9999999999), rng.randint(0, 999))
                                  for _ in range(60)]
    lines, e = [], []
    for i, (s, ms) in enumerate(secs):
        lines.append("type=USER_LOGIN msg=audit(%d.%03d:%d): pid=1 uid=0 auid=1000 ses=1 "
                     "msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=192.0.2.1 "
                     "terminal=ssh res=failed'" % (s, ms, i + 1))
        ns = s * 10 ** 9 + ms * 10 ** 6
        e.append((len(lines), ns if ns <= HI else None))
    add("audit", lines, e)

    ext = {"csv": "csv", "csvfmt": "csv", "csvzone": "csv", "jsonl": "jsonl", "apt": "log"}
    for kind, lines in files.items():
        name = "history.log" if kind == "apt" else ".bash_history" if kind == "bash" else \
            "%s.%s" % (kind, ext.get(kind, "log"))
        with open(os.path.join(out, kind + ".name"), "w") as f:
            f.write(name)
        with open(os.path.join(out, name), "w") as f:
            f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "expect.tsv"), "w") as f:
        f.write("\n".join(exp) + "\n")


def check(out, db, ids, outs):
    idmap = dict(l.split("\t") for l in open(ids).read().split("\n") if l)
    text = "".join(open(o, errors="replace").read() for o in outs)
    con = sqlite3.connect(db)
    bad = []
    counts = {}
    for l in open(os.path.join(out, "expect.tsv")).read().split("\n"):
        if not l:
            continue
        kind, ln, want = l.split("\t")
        ev = idmap[kind]
        name = open(os.path.join(out, kind + ".name")).read()
        rows = con.execute("SELECT time_ns FROM events WHERE evidence_id=? AND "
                           "(locator = ? OR locator LIKE ?)",
                           (ev, "line=" + ln, "line=" + ln + ";%")).fetchall()
        c = counts.setdefault(kind, [0, 0])
        if want == "REFUSED":
            c[1] += 1
            if rows:
                bad.append("%s line %s: out of range, stored at %s" % (kind, ln, rows))
            if ("%s' line %s (offset" % (name, ln)) not in text:
                bad.append("%s line %s: out of range, its line not named" % (kind, ln))
        else:
            c[0] += 1
            if [r[0] for r in rows] != [int(want)]:
                bad.append("%s line %s: want %s, stored %s" % (kind, ln, want, rows))
    for kind, (good, refused) in sorted(counts.items()):
        print("# %-8s %3d in range, %3d out of range" % (kind, good, refused))
        if not good or not refused:
            bad.append("%s: the fixture needs both kinds" % kind)
    for b in bad[:40]:
        print("BAD: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]))
