#!/usr/bin/python3
"""Checks report.html of roster output folders against the other outputs, and renders it.

Usage: check_report.py OUT_DIR [OUT_DIR ...]

For each folder:
- the figures report.html shows (its data-kpi rows) equal summary.json's (when the folder has
  one) and what coverage.csv and roster.csv add up to; the coverage tables equal coverage.csv row
  by row; the Gantt rows have each agent's shifts and paid hours from roster.csv. The page is read
  with Python's own HTML parser, never compared with a stored copy of itself.
- headless Chromium renders it to a PNG screenshot and to a PDF: no console message at all (the
  page logs nothing, so any message is an error), the PDF has pages, and the screenshot has chart
  pixels (the blue of the coverage charts and the Gantt bars) besides the white background.

Without Chromium (Debian's chromium could not be installed) the rendering checks are skipped with
a loud message; the number checks always run. Exit 1 on the first folder that fails.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from html.parser import HTMLParser


class ReportParser(HTMLParser):
    """Collects the key figures, the coverage table rows and the Gantt rows."""

    def __init__(self):
        super().__init__()
        self.kpis = {}
        self.coverage = {}
        self.gantt = {}
        self._kpi = None
        self._interval = None
        self._cell = None
        self._in_gantt = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == "gantt":
            self._in_gantt = True
        if tag == "tr" and "data-kpi" in a:
            self._kpi = a["data-kpi"]
            self.kpis[self._kpi] = {"value": None, "text": ""}
        if tag == "td" and self._kpi is not None:
            self.kpis[self._kpi]["value"] = a.get("data-value")
            self._cell = ("kpi", self._kpi)
        if tag == "tr" and "data-interval" in a:
            self._interval = a["data-interval"]
            self.coverage[self._interval] = {}
        if tag == "td" and self._interval is not None and a.get("class"):
            self._cell = ("coverage", a["class"])
        if tag == "tr" and self._in_gantt and "data-agent" in a:
            self.gantt[a["data-agent"]] = (int(a["data-shifts"]), float(a["data-hours"]))

    def handle_endtag(self, tag):
        if tag == "tr":
            self._kpi = None
            self._interval = None
        if tag == "td":
            self._cell = None
        if tag == "table":
            self._in_gantt = False

    def handle_data(self, data):
        if self._cell is None:
            return
        kind, key = self._cell
        if kind == "kpi":
            self.kpis[key]["text"] += data
        else:
            self.coverage[self._interval][key] = self.coverage[self._interval].get(key, "") + data


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def check_numbers(folder, problems):
    with open(os.path.join(folder, "report.html"), encoding="utf-8") as f:
        parser = ReportParser()
        parser.feed(f.read())
    with open(os.path.join(folder, "coverage.csv"), encoding="utf-8-sig") as f:
        coverage = list(csv.DictReader(f))
    # Several queues: a row per queue and interval, then the interval's total row; the report's
    # figures are the totals, and its Queues section the per-queue figures of summary.json.
    if coverage and "queue" in coverage[0]:
        per_queue = [r for r in coverage if r["queue"] != "total"]
        coverage = [r for r in coverage if r["queue"] == "total"]
        for r in coverage:
            rows = [q for q in per_queue if q["interval_start"] == r["interval_start"]]
            for key in ["scheduled", "under", "over"]:
                if sum(int(q[key]) for q in rows) != int(r[key]):
                    problems.append(f"{folder}: {r['interval_start']} total {key} {r[key]} is not the queues' sum")
        if "<section id=\"queues\">" not in open(os.path.join(folder, "report.html"), encoding="utf-8").read():
            problems.append(f"{folder}: several queues but no Queues section in the report")
    with open(os.path.join(folder, "roster.csv"), encoding="utf-8-sig") as f:
        roster = list(csv.DictReader(f))
    summary_path = os.path.join(folder, "summary.json")
    summary = json.load(open(summary_path)) if os.path.exists(summary_path) else {}
    kpis = parser.kpis
    if summary:
        for key in ["objective", "best_bound", "gap", "solve_seconds", "shifts", "paid_hours", "required_agent_hours",
                    "under_staffed_agent_hours", "under_staffed_intervals", "over_staffed_agent_hours", "over_staffed_intervals",
                    "expected_service_level", "expected_abandonment", "forecast_calls", "agents"]:
            if summary.get(key) is None:
                continue
            shown = kpis.get(key, {}).get("value")
            # summary.json rounds to 6 decimal places (the service level to 4, the time to 3).
            places = {"expected_service_level": 4, "expected_abandonment": 4, "solve_seconds": 3}.get(key, 6)
            if shown is None or abs(float(shown) - float(summary[key])) > 0.5 * 10 ** -places + 1e-12:
                problems.append(f"{folder}: {key} shown as {shown}, summary.json has {summary[key]}")
        for key, value in (summary.get("shift_demands") or {}).items():
            shown = kpis.get("shift_demands." + key, {}).get("value")
            if shown is not None and float(shown) != float(value):
                problems.append(f"{folder}: shift_demands.{key} shown as {shown}, summary.json has {value}")
        status = kpis.get("status", {}).get("text", "")
        if (summary["status"] == "optimal") != status.startswith("optimal"):
            problems.append(f"{folder}: status shown as '{status}', summary.json has {summary['status']}")
    required = sum(int(r["required"]) for r in coverage)
    under = sum(int(r["under"]) for r in coverage)
    over = sum(int(r["over"]) for r in coverage)
    if required > 0:
        shown = kpis.get("schedule_efficiency", {}).get("value")
        if shown is None or not close(float(shown), (under + over) / required):
            problems.append(f"{folder}: schedule efficiency shown as {shown}, coverage.csv gives {(under + over) / required}")
    paid = sum(int(r["paid_minutes"]) for r in roster) / 60
    if not close(float(kpis.get("paid_hours", {}).get("value") or -1), paid):
        problems.append(f"{folder}: paid hours shown as {kpis.get('paid_hours')}, roster.csv gives {paid}")
    busy = [r for r in coverage if int(r["required"]) > 0 or int(r["scheduled"]) > 0]
    if len(busy) != len(parser.coverage):
        problems.append(f"{folder}: {len(parser.coverage)} coverage rows shown, coverage.csv has {len(busy)} with staff or a requirement")
    for row in busy:
        shown = parser.coverage.get(row["interval_start"])
        if shown is None:
            problems.append(f"{folder}: interval {row['interval_start']} missing from the report")
            continue
        for key in ["required", "scheduled", "under", "over"]:
            if int(shown.get(key, "-1")) != int(row[key]):
                problems.append(f"{folder}: {row['interval_start']} {key} shown as {shown.get(key)}, coverage.csv has {row[key]}")
        if "activity_minutes" in row:
            length = (datetime.fromisoformat(row["interval_end"]) - datetime.fromisoformat(row["interval_start"])).seconds // 60
            if int(shown.get("sessions", "-1")) * length != int(row["activity_minutes"]):
                problems.append(f"{folder}: {row['interval_start']} agents in sessions shown as {shown.get('sessions')}, coverage.csv has {row['activity_minutes']} min")
    for agent, (shifts, hours) in parser.gantt.items():
        own = [r for r in roster if r["agent_id"] == agent]
        if shifts != len(own) or not close(hours, sum(int(r["paid_minutes"]) for r in own) / 60):
            problems.append(f"{folder}: Gantt row {agent} has {shifts} shifts, {hours} h; roster.csv {len(own)}, {sum(int(r['paid_minutes']) for r in own) / 60} h")
    if len({r["agent_id"] for r in roster} - set(parser.gantt)) > 0:
        problems.append(f"{folder}: agents of roster.csv missing from the Gantt chart")


def check_rendering(folder, browser, problems):
    page = "file://" + os.path.abspath(os.path.join(folder, "report.html"))
    with tempfile.TemporaryDirectory() as scratch:
        png, pdf = os.path.join(scratch, "report.png"), os.path.join(scratch, "report.pdf")
        common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=" + scratch + "/profile"]
        shot = subprocess.run(common + ["--enable-logging=stderr", "--v=0", "--window-size=1280,3000", "--screenshot=" + png, page],
                              capture_output=True, text=True, timeout=120)
        messages = [line for line in shot.stderr.splitlines() if ":CONSOLE" in line]
        if messages:
            problems.append(f"{folder}: console messages while rendering: {messages[:3]}")
        printed = subprocess.run(common + ["--print-to-pdf=" + pdf, page], capture_output=True, text=True, timeout=120)
        if not os.path.exists(png) or not os.path.exists(pdf):
            problems.append(f"{folder}: Chromium wrote no screenshot or PDF ({shot.returncode}, {printed.returncode})")
            return
        with open(pdf, "rb") as f:
            data = f.read()
        if not data.startswith(b"%PDF") or data.count(b"/Type /Page") + data.count(b"/Type/Page") < 1:
            problems.append(f"{folder}: the PDF has no page")
        from PIL import Image
        image = Image.open(png).convert("RGB")
        blue = sum(1 for (r, g, b) in image.getdata() if abs(r - 0x00) < 24 and abs(g - 0x72) < 24 and abs(b - 0xB2) < 24)
        if blue < 5000:
            problems.append(f"{folder}: the screenshot shows only {blue} chart pixels: the charts did not render")
        else:
            print(f"check_report: {folder}: rendered, {blue} chart pixels, PDF {len(data)} bytes")


def main(folders):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("\n" + "!" * 78 + "\ncheck_report: RENDERING CHECKS SKIPPED: Chromium is not installed\n" + "!" * 78 + "\n", file=sys.stderr)
    problems = []
    for folder in folders:
        check_numbers(folder, problems)
        if browser is not None:
            check_rendering(folder, browser, problems)
    for problem in problems:
        print("check_report: " + problem, file=sys.stderr)
    if problems:
        return 1
    print(f"check_report: {len(folders)} report(s) agree with their outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
