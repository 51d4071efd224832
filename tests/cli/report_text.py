# SPDX-License-Identifier: Apache-2.0
"""What a reader reads of a built case file's report, for the checkers of
the French report (report_lang_check.py, report_analysis_text_check.py,
report_warning_text_check.py): one text extraction, so the three compare
the same thing. Imported with sys.dont_write_bytecode set (no __pycache__
left in the source tree).
"""
import html
import re


def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()


def plain(s):
    """What a reader reads: styles and tags out, entities decoded, no-break
    and narrow no-break spaces as spaces, runs of spaces as one (case kept)."""
    s = re.sub(r"<style>.*?</style>", " ", s, flags=re.S)
    s = re.sub(r"<[^>]+>", " ", s)
    s = html.unescape(s).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", s)


def folded(s):
    """plain(), apostrophes unified and lower case: for phrase lists."""
    return plain(s).replace("\u2019", "'").lower()


def squash(s):
    """A stored text as the report shows it: runs of spaces as one, trimmed."""
    return re.sub(r"\s+", " ", s).strip()


def french_text(fr_dir, report_html=None):
    """The French case file's reader text: the report (its HTML given, or
    read from FR_DIR), annex A (events) and annex O (offences)."""
    if report_html is None:
        report_html = read(fr_dir + "/report.html")
    return plain(report_html) + " " + plain(read(fr_dir + "/annex-events.html")) + " " + \
        plain(read(fr_dir + "/annex-offences.html"))
