#!/usr/bin/python3
"""Every file a comment or a doc names is a file the tree has.

Usage: check_doc_refs.py SOURCE_DIR [--list]

Reads the comments of the code (src/, include/, tests/, bench/, fuzz/, .ci/,
the CMake files) and the whole text of the docs (README.md, docs/,
examples/README.md), takes every word that looks like a file path (a name
ending in .md, .c, .h, .yaml, .json, .sh, ...), and fails when the tree has
no such file.  A path may be written relative to the file that names it, to
the top of the tree or to docs/; a bare name (`solve.c`) may be any file of
that name; a path's tail (`load/build.c`) may end any path of the tree; an
upper-case word stands for any name (`tests/data/invalid/NAME.yaml`).  A
`#fragment` after a Markdown file must be one of its headings.  Markdown
links (`[text](target)`) must resolve as a renderer resolves them, relative
to the page.  Not files of the tree, and so not checked: a name right after
`-o`, `--out` or `>` (what the command shown writes), a name the file itself
makes in a work folder (`"$tmp/edit.py"`), and the names in ALLOWED, each
with its reason (the files the program writes, an organiser's own files).
--list prints every reference found and where it resolved.
"""

import os
import re
import subprocess
import sys

# Names that are not files of the tree, on purpose, each with its reason.
# Keep it short: an entry no reference needs any more is an error too.
ALLOWED = {
    # What plan and export write (docs/reference.md#output-files), in any
    # output folder: out/timetable.json, published/timetable.json, ...
    "timetable.json": "a file plan and export write",
    "timetable.csv": "a file plan and export write",
    "calendar.ics": "a file plan and export write",
    "programme.html": "a file plan and export write",
    "schedule.xml": "a file plan and export write",
    "organiser.html": "a file plan and export write",
    "changes.txt": "a file plan --baseline writes",
    "notices.csv": "a file plan -f notices and export --notices write",
    "told.json": "the guide's copy of the timetable speakers were last told about",
    "ID.ics": "delegations/ID.ics and speakers/ID.ics, one per id",
    "nul.x.ics": "src/load/values.h: a calendar name that Windows reads as a device",
    # Data of Debian packages the program reads at run time.
    "iso_3166-2.json": "Debian's iso-codes, /usr/share/iso-codes/json/",
    "iso_3166-1.json": "Debian's iso-codes, /usr/share/iso-codes/json/",
    "iso_639-2.json": "Debian's iso-codes, /usr/share/iso-codes/json/",
    "iso_639-3.json": "Debian's iso-codes, /usr/share/iso-codes/json/",
    # An organiser's own input, as the docs and messages name it
    # (round/states.yaml, DIR/event.yaml).
    "rooms.yaml": "an organiser's input file",
    "states.yaml": "an organiser's input file",
    "speakers.yaml": "an organiser's input file",
    "Z.yaml": "docs/reference.md: the order in which files are read (Z.yaml before a.yaml)",
    "x.yaml": "src/load/load.c: a directory named like an input",
    "edited.json": "docs/guide.md: a timetable edited by hand",
    ".github/workflows/timetable.yml": "where docs/ci-example.yml goes in a round's repository",
    "../../docs/schema/upr-input.schema.json":
        "the schema line of examples/upr29/*.yaml, relative to that folder",
}

# Folders of the user's and of the installed tree.
ALLOWED_DIRS = {
    "delegations/": "the calendars plan writes, one per delegation",
    "speakers/": "the calendars plan writes, one per speaker",
    "share/": "installed under the prefix (tests/cli/test_install.sh)",
}

EXTENSIONS = ("md", "c", "h", "yaml", "yml", "json", "sh", "py", "txt",
              "xsd", "1", "cmake", "dict", "bash", "ics", "html", "xml",
              "csv", "sha256", "expected")

PATH_RE = re.compile(
    r"(?<![\w/.$@-])"                     # not inside a longer word or URL
    r"((?:\.{1,2}/)*(?:[\w.+-]+/)*"       # directories
    r"[\w+-][\w.+-]*\.(?:" + "|".join(EXTENSIONS) + r"))"
    r"(#[\w-]+)?"                         # a heading of a Markdown file
    r"(?![\w/-])")
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")

CODE_DIRS = ("src", "include", "tests", "bench", "fuzz", ".ci")
CODE_TOP = ("CMakeLists.txt",)
DOCS = ("README.md", "docs", "examples/README.md")


def tree_files(src):
    """Every file of the tree, relative to src: git's list when src is a
    checkout (tracked files and new ones not ignored), else a walk that
    skips build directories."""
    try:
        out = subprocess.run(
            ["git", "-C", src, "ls-files", "-z", "--cached", "--others",
             "--exclude-standard"],
            check=True, capture_output=True).stdout.decode()
        files = {f for f in out.split("\0") if f}
        if files:
            return {f for f in files if os.path.exists(os.path.join(src, f))}
    except (OSError, subprocess.CalledProcessError):
        pass
    files = set()
    for root, dirs, names in os.walk(src):
        dirs[:] = [d for d in dirs if d != ".git" and not d.startswith("build")]
        for n in names:
            files.add(os.path.relpath(os.path.join(root, n), src))
    return files


def c_comments(text):
    """The comments of C text with their line numbers; strings and
    character constants are skipped so that their contents are not read."""
    out = []
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append((line, text[i:j]))
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append((line, text[i:j]))
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j += 1
        else:
            j = i + 1
        line += text.count("\n", i, j)
        i = j
    return out


def hash_comments(text, python):
    """The # comments of shell, Python, CMake and YAML text (and Python's
    docstrings), with their line numbers."""
    out = []
    if python:
        for m in re.finditer(r'"""(.*?)"""', text, re.S):
            out.append((text.count("\n", 0, m.start()) + 1, m.group(1)))
    for no, ln in enumerate(text.split("\n"), 1):
        m = re.search(r"(?:^|\s)#(?![!{])(.*)", ln)
        if m and not re.match(r"\s*include\b", ln):
            out.append((no, m.group(1)))
    return out


def kind_of(rel, text):
    base = os.path.basename(rel)
    if base.endswith((".c", ".h")):
        return "c"
    if base.endswith(".py") or text.startswith("#!/usr/bin/python") or \
            text.startswith("#!/usr/bin/env python"):
        return "py"
    if base.endswith((".sh", ".cmake", ".yml", ".yaml", ".dict", ".bash")) or \
            base == "CMakeLists.txt" or text.startswith("#!"):
        return "hash"
    return None


def headings(path, cache={}):
    """The GitHub anchors of a Markdown file's headings."""
    if path not in cache:
        anchors = set()
        with open(path, encoding="utf-8") as f:
            fence = False
            for ln in f:
                if ln.startswith("```"):
                    fence = not fence
                m = None if fence else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", ln)
                if m:
                    slug = re.sub(r"[^\w\- ]", "", m.group(1).lower())
                    anchors.add(slug.replace(" ", "-"))
        cache[path] = anchors
    return cache[path]


class Checker:
    def __init__(self, src):
        self.src = src
        self.files = tree_files(src)
        self.basenames = {os.path.basename(f) for f in self.files}
        self.dirs = {os.path.dirname(f) for f in self.files}
        for d in list(self.dirs):
            while d:
                d = os.path.dirname(d)
                self.dirs.add(d)
        self.errors = []
        self.used = set()
        self.found = []

    def exists(self, rel):
        rel = os.path.normpath(rel)
        return rel in self.files or rel in self.dirs

    def resolve(self, where, ref, strict):
        """The tree file that ref names, seen from the file `where`, or
        None.  strict: only relative to where (a Markdown link)."""
        here = os.path.dirname(where)
        cands = [os.path.join(here, ref)]
        if not strict and not ref.startswith("."):
            cands += [ref, os.path.join("docs", ref)]
        for c in cands:
            if self.exists(c):
                return os.path.normpath(c)
        if strict:
            return None
        if "/" not in ref and ref in self.basenames:
            return ref
        if "/" in ref and not ref.startswith("."):
            for f in self.files:
                if f.endswith("/" + ref):
                    return f      # a tail: upr/upr.h, load/build.c
        parts = re.split(r"\b([A-Z][A-Z0-9_]+)\b", ref)
        if len(parts) > 1:          # a placeholder: tests/data/invalid/NAME.yaml
            pat = re.compile("(?:^|/)" + "".join(
                "[^/]+" if k % 2 else re.escape(p) for k, p in enumerate(parts)) + "$")
            for f in sorted(self.files):
                if pat.search(f):
                    return f
        return None

    def excuse(self, ref, context):
        """Why ref need not be a file of the tree, or None."""
        base = os.path.basename(ref)
        if ref in ALLOWED or base in ALLOWED:
            self.used.add(ref if ref in ALLOWED else base)
            return "allowed: " + ALLOWED.get(ref, ALLOWED.get(base))
        for d in ALLOWED_DIRS:
            if ("/" + ref).find("/" + d) >= 0:
                self.used.add(d)
                return "allowed: " + ALLOWED_DIRS[d]
        if re.search(r"(?:^|\s)(?:-o|--out|>)\s*$", context):
            return "the file a command in the text writes"
        if re.search(r"\$\{?\w+\}?/" + re.escape(ref) + r"\b", self.text):
            return "made by the file itself, in a work folder"
        return None

    def check(self, where, line, ref, frag, strict, context=""):
        base = os.path.basename(ref)
        if not re.search(r"[A-Za-z]", base.rsplit(".", 1)[0]):
            return                    # a number such as 1.1, not a file
        got = self.resolve(where, ref, strict)
        if got is None and not strict:
            why = self.excuse(ref, context)
            if why:
                self.found.append((where, line, ref, why))
                return
        self.found.append((where, line, ref + (frag or ""), got))
        if got is None:
            self.errors.append(f"{where}:{line}: names '{ref}', which the tree does not have")
            return
        if frag and got.endswith(".md") and got in self.files:
            if frag[1:] not in headings(os.path.join(self.src, got)):
                self.errors.append(f"{where}:{line}: '{ref}{frag}': {got} has no heading '{frag[1:]}'")

    def scan_text(self, where, first_line, text, markdown):
        for k, ln in enumerate(text.split("\n")):
            line = first_line + k
            if markdown:
                for m in LINK_RE.finditer(ln):
                    target = m.group(1)
                    if re.match(r"[a-z]+:", target) or target.startswith("#"):
                        if target.startswith("#") and target[1:] not in \
                                headings(os.path.join(self.src, where)):
                            self.errors.append(f"{where}:{line}: no heading '{target[1:]}'")
                        continue
                    ref, _, frag = target.partition("#")
                    self.check(where, line, ref, "#" + frag if frag else None, True)
                ln = LINK_RE.sub("]", ln)
            for m in PATH_RE.finditer(ln):
                if re.search(r"[a-z]+://\S*$", ln[:m.start()]):
                    continue          # part of a URL
                self.check(where, line, m.group(1), m.group(2), False,
                           ln[:m.start()])

    def scan(self):
        for rel in sorted(self.files):
            top = rel.split("/", 1)[0]
            path = os.path.join(self.src, rel)
            is_doc = rel in DOCS or top == "docs" and "/" in rel
            is_code = top in CODE_DIRS or rel in CODE_TOP
            if not (is_doc or is_code) or os.path.islink(path):
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except (UnicodeDecodeError, OSError):
                continue
            self.text = text
            if is_doc:
                if rel.endswith((".md", ".1", ".yml", ".json")):
                    self.scan_text(rel, 1, text, rel.endswith(".md"))
                continue
            kind = kind_of(rel, text)
            if kind == "c":
                parts = c_comments(text)
            elif kind in ("py", "hash"):
                parts = hash_comments(text, kind == "py")
            else:
                continue
            for line, comment in parts:
                self.scan_text(rel, line, comment, False)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ck = Checker(sys.argv[1])
    ck.scan()
    if "--list" in sys.argv:
        for where, line, ref, got in ck.found:
            print(f"{where}:{line}: {ref} -> {got}")
    for name in sorted(set(ALLOWED) | set(ALLOWED_DIRS)):
        if name not in ck.used:
            ck.errors.append(f"ALLOWED names '{name}', which no reference needs")
    for e in ck.errors:
        print("FAIL:", e)
    if ck.errors:
        sys.exit(1)
    print(f"doc refs: {len(ck.found)} file names in comments and docs, every one in the tree")


if __name__ == "__main__":
    main()
