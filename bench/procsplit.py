#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Where a run's time goes between the parent and its workers.

Usage: bench/procsplit.py CMD [ARG...]   (its output is discarded)

Runs CMD and reads /proc/PID/schedstat of it and of each of its descendants
every ~2 ms (new descendants are looked for every ~20 ms), then prints, per
process: when it lived, its CPU time, its run-queue wait and "blocked"
(lifetime - CPU - run-queue wait: asleep, e.g. the parent waiting for a
worker's frames). On a loaded machine wall time says little, and this says
which process is on the critical path.

The last line splits the parent's CPU into before, during and after the
life of its busiest worker (the reader's), and gives the wall time of a
perfect pipeline on two idle cores: pre + max(parent during, worker) + post.
No restructuring of the worker (a second worker beside it, threads) can
make a run on two cores shorter than that while the parent stores alone.
"""
import os
import resource
import subprocess
import sys
import time

TCK = os.sysconf('SC_CLK_TCK')


def descendants(root):
    kids = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            s = open('/proc/%s/stat' % d).read()
        except OSError:
            continue
        ppid = int(s[s.rindex(')') + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    out, todo = {root}, [root]
    while todo:
        for k in kids.get(todo.pop(), []):
            if k not in out:
                out.add(k)
                todo.append(k)
    return out


def main(argv):
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    t0 = time.monotonic()
    boot0 = time.clock_gettime(time.CLOCK_BOOTTIME)
    load0 = open('/proc/loadavg').read().split()[0]
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen, fds, n = {}, {}, 0
    while p.poll() is None:
        if n % 10 == 0:
            for pid in descendants(p.pid) - set(fds) - set(seen):
                try:
                    fds[pid] = os.open('/proc/%d/schedstat' % pid, os.O_RDONLY)
                    st = open('/proc/%d/stat' % pid).read()
                except OSError:
                    continue
                start = int(st[st.rindex(')') + 2:].split()[19]) / TCK - boot0
                seen[pid] = {'first': start, 'trace': []}
        n += 1
        now = time.monotonic() - t0
        for pid, fd in list(fds.items()):
            try:
                cpu, wait, _ = map(int, os.pread(fd, 100, 0).split())
            except (OSError, ValueError):
                os.close(fd)
                del fds[pid]
                continue
            seen[pid].update(last=now, cpu=cpu / 1e9, wait=wait / 1e9)
            seen[pid]['trace'].append((now, cpu / 1e9))
        time.sleep(0.002)
    wall = time.monotonic() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    load1 = open('/proc/loadavg').read().split()[0]
    print('wall %.3f cpu %.3f (user+sys of all) exit %d load %s-%s'
          % (wall, ru.ru_utime + ru.ru_stime, p.returncode, load0, load1))
    live = {pid: e for pid, e in seen.items() if 'cpu' in e}
    for pid, e in sorted(live.items(), key=lambda kv: kv[1]['first']):
        life = e['last'] - e['first']
        print('  %-8s %7d  %.3f-%.3f s  cpu %.3f  run-queue %.3f  blocked %.3f'
              % ('parent' if pid == p.pid else 'child', pid, e['first'], e['last'],
                 e['cpu'], e['wait'], life - e['cpu'] - e['wait']))
    workers = [e for pid, e in live.items() if pid != p.pid]
    if p.pid not in live or not workers:
        return 0
    w = max(workers, key=lambda e: e['cpu'])

    def parent_cpu_at(t):
        v = 0.0
        for tt, c in live[p.pid]['trace']:
            if tt <= t:
                v = c
        return v
    pre = parent_cpu_at(w['first'])
    during = parent_cpu_at(w['last']) - pre
    post = live[p.pid]['cpu'] - pre - during
    print('  parent cpu before/during/after the busiest child %.3f/%.3f/%.3f, child %.3f; '
          'perfect pipeline on 2 idle cores %.3f s'
          % (pre, during, post, w['cpu'], pre + max(during, w['cpu']) + post))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
