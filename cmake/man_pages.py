#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Man pages from docs/commands/*.md (issue #21), with pandoc.

Each page `lifeline-<cmd>[-<sub>].md` becomes lifeline-<cmd>-<sub>(1): NAME (the page's first
sentence), SYNOPSIS (its usage block), DESCRIPTION (the rest, headings one level up). Each
command with subcommands also gets lifeline-<cmd>(1) holding all of them (so `man
lifeline-collect` works as `man git-remote` does), and lifeline(1) comes from the commands'
index (README.md) with the list of pages. Links to other pages become their man names.

usage: man_pages.py DOCS_DIR OUT_DIR VERSION
"""
import os
import re
import subprocess
import sys


def split_page(text, path):
    m = re.match(r"# (lifeline[^\n]*)\n+```\n(usage: [^`]*?)```\n+(.*)", text, re.S)
    if not m:
        sys.exit(f"man_pages: {path}: no '# lifeline …' title and usage block at the top")
    title, usage, body = m.group(1).strip(), m.group(2).strip(), m.group(3)
    first = re.split(r"(?<=[.!?])\s", body.strip().split("\n\n")[0].replace("\n", " "), 1)[0]
    return title, usage, first, body


def demote(body):
    # "## X" -> "# X" (pandoc's man writer: level 1 = .SH, level 2 = .SS)
    return re.sub(r"^#(#+) ", r"\1 ", body, flags=re.M)


def links(body):
    # [text](collect-image.md#x) -> text (lifeline-collect-image(1)); other .md links: text
    body = re.sub(r"\[([^\]]+)\]\(([a-z-]+)\.md(#[^)]*)?\)", r"\1 (lifeline-\2(1))", body)
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", body)


def render(out_dir, name, version, sections):
    src = ["---", f"title: {name.upper()}", "section: 1",
           f"header: lifeline manual", f"footer: lifeline {version}", "---", ""]
    for head, text in sections:
        src += [f"# {head}", "", text.strip(), ""]
    path = os.path.join(out_dir, f"{name}.1")
    r = subprocess.run(["pandoc", "-s", "-f", "markdown", "-t", "man", "-o", path],
                       input="\n".join(src), text=True, capture_output=True)
    if r.returncode != 0:
        sys.exit(f"man_pages: pandoc failed on {name}: {r.stderr.strip()}")
    return path


def code(block):
    return "```\n" + block + "\n```"


def main():
    docs, out, version = sys.argv[1:4]
    os.makedirs(out, exist_ok=True)
    pages, groups = [], {}
    for f in sorted(os.listdir(docs)):
        if not f.endswith(".md") or f == "README.md":
            continue
        path = os.path.join(docs, f)
        title, usage, first, body = split_page(open(path, encoding="utf-8").read(), path)
        name = "lifeline-" + f[:-3]
        render(out, name, version, [
            ("NAME", f"{name} - {first}"), ("SYNOPSIS", code(usage)),
            ("DESCRIPTION", links(demote(body))), ("SEE ALSO", "lifeline(1)")])
        pages.append(name)
        words = title.split()
        if len(words) == 3:  # lifeline CMD SUB
            groups.setdefault(words[1], []).append((words[2], usage, body, name))
    for cmd, subs in sorted(groups.items()):
        if len(subs) < 2:
            continue
        name = f"lifeline-{cmd}"
        render(out, name, version, [
            ("NAME", f"{name} - the lifeline {cmd} commands: " + ", ".join(s[0] for s in subs)),
            ("SYNOPSIS", code("\n".join(s[1] for s in subs))),
            ("DESCRIPTION", "\n\n".join(f"## {cmd} {s[0]}\n\n" + links(re.sub(r"^(#+) ", r"\1## ", s[2], flags=re.M)) for s in subs)),
            ("SEE ALSO", ", ".join(f"{s[3]}(1)" for s in subs) + ", lifeline(1)")])
        pages.append(name)
    index = open(os.path.join(docs, "README.md"), encoding="utf-8").read()
    index = re.sub(r"^# Commands\n+", "", index)
    render(out, "lifeline", version, [
        ("NAME", "lifeline - forensic evidence from cyber-attacks on hospitals, for courts"),
        ("DESCRIPTION", links(demote(index))),
        ("SEE ALSO", ", ".join(f"{p}(1)" for p in sorted(pages)))])


if __name__ == "__main__":
    main()
