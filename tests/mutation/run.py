#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Mutation check: does the suite catch a small deliberate bug in the checks
that protect evidence?

Each mutant in tests/mutation/mutants.txt names a source file, an exact
snippet that must occur in it exactly once, its replacement, what bug that
is, and the ctest tests (a -R regex) that should catch it. The runner copies
the working tree (tracked and untracked, not ignored, files) into a scratch
folder with its own build directory, builds it once, then for each mutant:
applies it, rebuilds incrementally, runs the tests, restores the file. A
mutant the tests do not fail on "survives"; any survivor fails the run.

  tests/mutation/run.py --check          every snippet still found exactly once
  tests/mutation/run.py [--only NAME]... the mutation run (scripts/test.sh --mutation)
  options: --scratch DIR (default build-mutation/), --list FILE, -j N

Exit: 0 every mutant killed (or --check passed), 1 a mutant survived or a
snippet is not found exactly once, 2 usage or the unmutated build or its
tests failing.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LIST = os.path.join(ROOT, "tests", "mutation", "mutants.txt")
FIELDS = ("file", "what", "tests")


class ListError(Exception):
    pass


def parse(path):
    """The list: blocks of `mutant NAME`, `file`, `what`, `tests` lines, then
    the snippet between `<<<` and `===`, the replacement up to `>>>`."""
    mutants, cur, mode, buf = [], None, None, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for no, line in enumerate(lines, 1):
        where = "%s:%d" % (os.path.relpath(path, ROOT), no)
        if mode in ("find", "replace"):
            if mode == "find" and line == "===":
                cur["find"], buf, mode = "\n".join(buf), [], "replace"
            elif mode == "replace" and line == ">>>":
                cur["replace"], buf, mode = "\n".join(buf), [], None
                mutants.append(cur)
                cur = None
            elif line in ("<<<", "===", ">>>"):
                raise ListError("%s: unexpected '%s'" % (where, line))
            else:
                buf.append(line)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        key, _, val = line.partition(" ")
        if key == "mutant":
            if cur:
                raise ListError("%s: mutant '%s' has no <<< snippet" % (where, cur["name"]))
            if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", val):
                raise ListError("%s: bad mutant name '%s'" % (where, val))
            if any(m["name"] == val for m in mutants):
                raise ListError("%s: mutant '%s' listed twice" % (where, val))
            cur = {"name": val, "line": no}
        elif key in FIELDS:
            if not cur:
                raise ListError("%s: '%s' outside a mutant" % (where, key))
            cur[key] = val.strip()
        elif key == "<<<":
            if not cur:
                raise ListError("%s: '<<<' outside a mutant" % where)
            for k in FIELDS:
                if not cur.get(k):
                    raise ListError("%s: mutant '%s' has no '%s'" % (where, cur["name"], k))
            mode, buf = "find", []
        else:
            raise ListError("%s: unknown line '%s'" % (where, line))
    if mode or cur:
        raise ListError("%s: the last mutant is not closed with >>>" % os.path.relpath(path, ROOT))
    if not mutants:
        raise ListError("%s: no mutants" % os.path.relpath(path, ROOT))
    return mutants


def check(mutants, tree):
    """Every snippet exactly once in its file, and the replacement differs."""
    bad = 0
    for m in mutants:
        p = os.path.join(tree, m["file"])
        try:
            text = open(p, encoding="utf-8").read()
        except OSError as e:
            print("BROKEN %s: %s: %s" % (m["name"], m["file"], e.strerror))
            bad += 1
            continue
        n = text.count(m["find"])
        if n != 1:
            print("BROKEN %s: its snippet occurs %d times in %s (list line %d); refresh it"
                  % (m["name"], n, m["file"], m["line"]))
            bad += 1
        elif m["find"] == m["replace"]:
            print("BROKEN %s: the replacement is the snippet" % m["name"])
            bad += 1
        else:
            try:
                re.compile(m["tests"])
            except re.error as e:
                print("BROKEN %s: tests regex: %s" % (m["name"], e))
                bad += 1
    return bad


def sync_tree(scratch):
    """Copy the working tree's files into scratch/src, keeping mtimes, so the
    scratch build rebuilds only what changed since the last run."""
    src = os.path.join(scratch, "src")
    files = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "-co", "--exclude-standard"],
                           check=True, capture_output=True).stdout.split(b"\0")
    for rel in files:
        if not rel:
            continue
        rel = rel.decode()
        a, b = os.path.join(ROOT, rel), os.path.join(src, rel)
        if not os.path.isfile(a):
            continue
        try:
            st_b = os.stat(b)
            st_a = os.stat(a)
            if st_a.st_mtime_ns == st_b.st_mtime_ns and st_a.st_size == st_b.st_size:
                continue
        except FileNotFoundError:
            pass
        os.makedirs(os.path.dirname(b), exist_ok=True)
        shutil.copy2(a, b)
    return src


def run(cmd, cwd, log, env=None):
    with open(log, "w") as f:
        return subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT, env=env).returncode


def tail(path, n=30):
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-n:])


def targets_for(build, regex, env):
    """The build targets the tests need: lifeline for shell tests, the unit
    and fuzz executables by name (relinking all of them per mutant is slow)."""
    out = subprocess.run(["ctest", "-N", "-R", regex], cwd=build, capture_output=True,
                         text=True, env=env).stdout
    names = re.findall(r"Test\s+#\d+: (\S+)", out)
    t = set()
    for n in names:
        if n.startswith("unit."):
            t.add(n)
        elif n.startswith("fuzz."):
            t.add("fuzz_" + n[5:])
        else:
            t.add("lifeline")
    return names, sorted(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the list against the tree")
    ap.add_argument("--only", action="append", default=[], help="run this mutant (repeatable)")
    ap.add_argument("--list", default=LIST)
    ap.add_argument("--scratch", default=os.path.join(ROOT, "build-mutation"))
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    try:
        mutants = parse(a.list)
    except (OSError, ListError) as e:
        print("mutation: %s" % e, file=sys.stderr)
        return 1
    names = {m["name"] for m in mutants}
    for o in a.only:
        if o not in names:
            print("mutation: no mutant '%s' in the list" % o, file=sys.stderr)
            return 2
    if a.check:
        bad = check(mutants, ROOT)
        print("mutation list: %d mutants, %d broken" % (len(mutants), bad))
        return 1 if bad else 0
    if a.only:
        mutants = [m for m in mutants if m["name"] in a.only]

    os.makedirs(a.scratch, exist_ok=True)
    src = sync_tree(a.scratch)
    build = os.path.join(a.scratch, "build")
    logs = os.path.join(a.scratch, "logs")
    os.makedirs(logs, exist_ok=True)
    if check(mutants, src):
        return 1
    env = dict(os.environ, LIFELINE_NO_PROGRESS="1")
    env.pop("LL_CI", None)
    # the scratch tree is not next to ../shared: name the real one, or the
    # tests that need it would skip and their mutants survive unseen
    env.setdefault("LL_SHARED_DIR", os.path.abspath(os.path.join(ROOT, "..", "shared")))
    print("== scratch build in %s" % build, flush=True)
    if run(["cmake", "-S", src, "-B", build, "-DLL_WERROR=ON",
            "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], src, os.path.join(logs, "configure.log"), env) or \
       run(["cmake", "--build", build, "-j", str(a.j)], src, os.path.join(logs, "build.log"), env):
        print(tail(os.path.join(logs, "build.log")), file=sys.stderr)
        print("mutation: the unmutated tree does not build", file=sys.stderr)
        return 2
    # the tests each mutant names must pass on the unmutated tree
    # (one regex of the test names: ctest's regex engine takes few groups)
    names = set()
    for m in mutants:
        names.update(targets_for(build, m["tests"], env)[0])
    if not names:
        print("mutation: no test matches the mutants' tests", file=sys.stderr)
        return 2
    pattern = "^(%s)$" % "|".join(re.escape(n) for n in sorted(names))
    print("== baseline: the mutants' tests on the unmutated tree", flush=True)
    if run(["ctest", "-R", pattern, "-j", str(a.j), "--output-on-failure", "--no-tests=error"],
           build, os.path.join(logs, "baseline.log"), env):
        print(tail(os.path.join(logs, "baseline.log"), 60), file=sys.stderr)
        print("mutation: the tests fail without a mutant; fix that first", file=sys.stderr)
        return 2
    with open(os.path.join(logs, "baseline.log")) as f:
        skipped = sorted(set(re.findall(r"Test +#\d+: (\S+) .*\*\*\*Skipped", f.read())))
    if skipped:
        print("mutation: these tests skip, so they cannot kill a mutant: %s (LL_SHARED_DIR=%s)"
              % (", ".join(skipped), env["LL_SHARED_DIR"]), file=sys.stderr)
        return 2

    killed, survived, errors = [], [], []
    for i, m in enumerate(mutants, 1):
        path = os.path.join(src, m["file"])
        orig = open(path, encoding="utf-8").read()
        st = os.stat(path)
        t0 = time.time()
        log = os.path.join(logs, m["name"] + ".log")
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig.replace(m["find"], m["replace"], 1))
            names, targets = targets_for(build, m["tests"], env)
            if not names:
                result = "BROKEN (no tests match)"
                errors.append(m)
            elif run(["cmake", "--build", build, "-j", str(a.j), "--target"] + targets,
                     src, log[:-4] + ".build.log", env):
                result = "BROKEN (does not build)"
                errors.append(m)
            else:
                # the first failing test kills it: no need to run the rest
                rc = run(["ctest", "-R", m["tests"], "-j", str(a.j), "--no-tests=error",
                          "--stop-on-failure", "--output-on-failure"], build, log, env)
                if rc:
                    result = "killed"
                    killed.append(m)
                else:
                    result = "SURVIVED"
                    survived.append(m)
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig)
            # a new mtime, so the next build recompiles the restored file
            os.utime(path, ns=(st.st_atime_ns, time.time_ns()))
        print("[%d/%d] %-34s %-24s %4.0fs  %s" % (i, len(mutants), m["name"], result,
                                                   time.time() - t0, m["what"]), flush=True)
    # leave the scratch build unmutated
    run(["cmake", "--build", build, "-j", str(a.j)], src, os.path.join(logs, "final.log"), env)
    for m in errors:
        print("BROKEN %s: the mutated tree does not build or no test matches; fix the mutant (log %s)"
              % (m["name"], os.path.join(logs, m["name"] + ".log")))
    total = len(killed) + len(survived)
    print("== mutation: %d of %d mutants killed (%.0f%%)" % (len(killed), total,
                                                         100.0 * len(killed) / total if total else 0))
    for m in survived:
        print("SURVIVED %s (%s): %s; tests '%s' pass with it (log %s)"
              % (m["name"], m["file"], m["what"], m["tests"],
                 os.path.join(logs, m["name"] + ".log")))
    return 1 if survived or errors else 0


if __name__ == "__main__":
    sys.exit(main())
