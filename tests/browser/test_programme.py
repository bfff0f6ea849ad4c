#!/usr/bin/python3
"""test_programme.py - programme.html as its readers see it.

Plans three rounds (the example, the example in one room, the benchmark's
L instance: 8 rooms, 200 States), opens each programme.html in headless
Chromium driven through WebDriver (Debian's python3-selenium and
chromium-driver) at 390, 768 and 1280 px and asserts in the page:
  - nothing is wider than the page, and no element reaches outside its
    parent or its own box horizontally;
  - no text is smaller than 12 px;
  - no word is broken inside (each word of each text node lies on one line
    box; URLs may break);
  - every session of timetable.json is shown exactly once, inside the page.
Then it prints each page to PDF (A4, the page's own @page rules) and
asserts with poppler's pdfinfo and pdftotext: at most 4 pages for the
example and 45 for bench L, every page names a day, and no session is
split across pages (each page has as many openings as questions).

Screenshots (the first 3000 px of each width) and the PDFs are written to
WORK/ as artefacts for a person to look at; they are not kept in git.

Usage: test_programme.py UPR_BINARY SOURCE_DIR BENCH_GEN WORK
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

WIDTHS = (390, 768, 1280)
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# Runs in the page (which has no script of its own) and returns what is
# wrong with it.
CHECK_JS = r"""
const W = document.documentElement.clientWidth;
const out = {overflow: [], small: [], broken: [], sessions: {}, width: W,
             scrollWidth: document.documentElement.scrollWidth};
function name(e) {
  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
         (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '');
}
function visible(e) {
  const cs = getComputedStyle(e);
  return cs.display !== 'none' && cs.visibility !== 'hidden' && e.getClientRects().length > 0;
}
for (const e of document.body.querySelectorAll('*')) {
  if (!visible(e) || e.closest('style, title, head')) continue;
  const r = e.getBoundingClientRect();
  const p = e.parentElement;
  if (p && r.width > 0) {
    const pr = p.getBoundingClientRect();
    if (r.left < pr.left - 1 || r.right > pr.right + 1)
      out.overflow.push(name(e) + ' outside ' + name(p) + ': ' + r.left.toFixed(0) + '-' +
                        r.right.toFixed(0) + ' in ' + pr.left.toFixed(0) + '-' + pr.right.toFixed(0));
  }
  if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
    out.overflow.push(name(e) + ' content ' + e.scrollWidth + ' wider than ' + e.clientWidth);
  for (const n of e.childNodes) {
    if (n.nodeType === 3 && n.data.trim()) {
      const fs = parseFloat(getComputedStyle(e).fontSize);
      if (fs < 12) out.small.push(name(e) + ' ' + fs + 'px: ' + n.data.trim().slice(0, 40));
      break;
    }
  }
}
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const range = document.createRange();
for (let n = walk.nextNode(); n; n = walk.nextNode()) {
  const e = n.parentElement;
  if (!e || !visible(e)) continue;
  const re = /\S+/g;
  let m;
  while ((m = re.exec(n.data)) !== null) {
    if (m[0].includes('://')) continue;
    range.setStart(n, m.index);
    range.setEnd(n, m.index + m[0].length);
    const tops = [];
    for (const q of range.getClientRects())
      if (q.width > 0 && !tops.some(t => Math.abs(t - q.top) < 3)) tops.push(q.top);
    if (tops.length > 1) out.broken.push(name(e) + ': ' + m[0]);
  }
}
for (const a of document.querySelectorAll('article.s')) {
  const r = a.getBoundingClientRect();
  const shown = visible(a) && r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= W + 1;
  const s = out.sessions[a.id] || (out.sessions[a.id] = {count: 0, shown: 0});
  s.count++;
  if (shown) s.shown++;
}
out.days = [...document.querySelectorAll('section.day h2')].map(h => h.textContent.trim());
return out;
"""

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("%s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr))
    return r.stdout


def one_room(src, dst):
    """The example with its first room only (its second is hypothetical)."""
    shutil.copytree(src, dst)
    text = open(os.path.join(src, "rooms.yaml"), encoding="utf-8").read()
    cut = text.index("  # HYPOTHETICAL")
    open(os.path.join(dst, "rooms.yaml"), "w", encoding="utf-8").write(text[:cut])


def check_page(driver, case, html, sessions, shots):
    driver.get("file://" + html)
    for w in WIDTHS:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": w, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        res = driver.execute_script(CHECK_JS)
        where = "%s at %d px" % (case, w)
        if res["scrollWidth"] > res["width"]:
            fail("%s: the page is %d px wide" % (where, res["scrollWidth"]))
        for kind in ("overflow", "small", "broken"):
            if res[kind]:
                fail("%s: %d %s, e.g. %s" % (where, len(res[kind]), kind, res[kind][:3]))
        seen = res["sessions"]
        for sid in sessions:
            got = seen.get(sid, {"count": 0, "shown": 0})
            if got["count"] != 1 or got["shown"] != 1:
                fail("%s: session %s appears %d times, %d shown" % (where, sid, got["count"], got["shown"]))
        extra = set(seen) - set(sessions)
        if extra:
            fail("%s: sessions not in the timetable: %s" % (where, sorted(extra)[:5]))
        # the first 3000 px, for a person to look at
        height = driver.execute_script("return document.documentElement.scrollHeight")
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": w, "height": min(height, 3000), "scale": 1}})
        with open(os.path.join(shots, "%s-%d.png" % (case, w)), "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    return res["days"]


def check_print(driver, case, days, max_pages, shots):
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {
        "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False})
    path = os.path.join(shots, case + ".pdf")
    with open(path, "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    info = run(["pdfinfo", path])
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    print("%s: %d printed pages" % (case, pages), flush=True)
    if pages > max_pages:
        fail("%s: %d printed pages, more than %d" % (case, pages, max_pages))
    # pdftotext ends every page with a form feed
    texts = run(["pdftotext", path, "-"]).split("\f")[:pages]
    if len(texts) != pages:
        fail("%s: pdftotext gave %d pages of %d" % (case, len(texts), pages))
    for i, text in enumerate(texts, 1):
        if not any(d in text for d in days):
            fail("%s: printed page %d names no day: %r" % (case, i, text[:120]))
        o, q = len(re.findall(r"\bOpening\b", text)), len(re.findall(r"\bQuestions\b", text))
        if o != q:
            fail("%s: printed page %d has %d openings and %d questions: a session is split"
                 % (case, i, o, q))


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    binary, source, bench_gen, work = sys.argv[1:]
    work = os.path.abspath(work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    shots = os.path.join(work, "artefacts")
    os.makedirs(shots)
    example = os.path.join(source, "examples", "upr29")
    one_room(example, os.path.join(work, "in-one-room"))
    os.makedirs(os.path.join(work, "in-bench-L"))
    run([bench_gen, "L", os.path.join(work, "in-bench-L")])
    cases = [("example", example, 4), ("one-room", os.path.join(work, "in-one-room"), 6),
             ("bench-L", os.path.join(work, "in-bench-L"), 45)]

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--user-data-dir=" + os.path.join(work, "profile")):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        for case, inp, max_pages in cases:
            out = os.path.join(work, "out-" + case)
            run([binary, "plan", inp, "-o", out, "-q", "-f", "json,html"])
            tt = json.load(open(os.path.join(out, "timetable.json"), encoding="utf-8"))
            sessions = [s["state"] for s in tt["sessions"]]
            if not sessions:
                fail("%s: no session planned" % case)
            days = check_page(driver, case, os.path.join(out, "programme.html"), sessions, shots)
            check_print(driver, case, days, max_pages, shots)
    finally:
        driver.quit()
    if failures:
        sys.exit("%d failures; screenshots and PDFs in %s" % (len(failures), shots))
    print("ok; screenshots and PDFs in " + shots)


if __name__ == "__main__":
    main()
