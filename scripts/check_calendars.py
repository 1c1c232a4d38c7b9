#!/usr/bin/env python3
"""Checks published calendars with an independent parser (the `icalendar` package).

Usage: check_calendars.py OUT_DIR TIME_ZONE [OUT_DIR TIME_ZONE ...]

For every output folder written by `roster solve` or `roster export ics`: each calendars/*.ics
parses; the calendar and every event carry the properties RFC 5545 and calendar apps need; lines
end in CRLF and are folded at 75 octets; UIDs are unique; the team calendar and the agents'
calendars hold exactly the shifts of roster.csv, at the same instants, and the agents' calendars
also exactly the activity sessions of activities.csv (where the folder has one). Exits non-zero on any
failure and prints a closing 'N passed, N failed' line.
"""
import csv
import datetime
import os
import sys
from zoneinfo import ZoneInfo

import icalendar

failures = []
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        failures.append(message)


def file_stem(agent_id):
    """The documented agent-id to file-name mapping, written independently of the Swift code."""
    out = []
    for byte in agent_id.encode("utf-8"):
        char = chr(byte)
        if ("a" <= char <= "z") or ("0" <= char <= "9") or char in "-_":
            out.append(char)
        else:
            out.append("%%%02X" % byte)
    stem = "".join(out)
    return "%74eam" if stem == "team" else stem


def instant(text, zone):
    """A roster.csv time (local ISO, offset only where ambiguous) as an aware UTC datetime."""
    value = datetime.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone, fold=0)
    return value.astimezone(datetime.timezone.utc)


def event_instant(prop, zone):
    value = prop.dt
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(datetime.timezone.utc)


def check_raw(path):
    data = open(path, "rb").read()
    check(data.endswith(b"\r\n"), f"{path}: does not end with CRLF")
    lines = data.split(b"\r\n")
    check(all(b"\n" not in line and b"\r" not in line for line in lines), f"{path}: a bare LF or CR")
    for number, line in enumerate(lines, 1):
        check(len(line) <= 75, f"{path}:{number}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            failures.append(f"{path}:{number}: folding split a UTF-8 character")


def check_folder(folder, zone_name):
    zone = ZoneInfo(zone_name)
    roster = list(csv.DictReader(open(os.path.join(folder, "roster.csv"), encoding="utf-8")))
    shifts = {(row["agent_id"], instant(row["start"], zone), instant(row["end"], zone)) for row in roster}
    check(len(shifts) == len(roster), f"{folder}: duplicate rows in roster.csv")
    calendars = os.path.join(folder, "calendars")
    agent_files = {file_stem(row["agent_id"]) + ".ics": row["agent_id"] for row in roster}
    sessions_path = os.path.join(folder, "activities.csv")
    sessions = set()
    if os.path.exists(sessions_path):
        rows = list(csv.DictReader(open(sessions_path, encoding="utf-8")))
        sessions = {(row["agent_id"], instant(row["start"], zone), instant(row["end"], zone)) for row in rows}
        check(len(sessions) == len(rows), f"{folder}: duplicate rows in activities.csv")
    all_uids = set()
    team_events = []
    agent_events = []
    session_events = []
    for name in sorted(os.listdir(calendars)):
        if not name.endswith(".ics"):
            continue
        path = os.path.join(calendars, name)
        check_raw(path)
        calendar = icalendar.Calendar.from_ical(open(path, "rb").read())
        check(str(calendar.get("VERSION")) == "2.0", f"{path}: VERSION")
        check(calendar.get("PRODID") is not None, f"{path}: PRODID")
        check(str(calendar.get("METHOD")) == "PUBLISH", f"{path}: METHOD")
        check(str(calendar.get("CALSCALE")) == "GREGORIAN", f"{path}: CALSCALE")
        check(calendar.get("X-WR-CALNAME") is not None, f"{path}: calendar name")
        timezones = [c for c in calendar.walk("VTIMEZONE")]
        check(len(timezones) == 1 and str(timezones[0].get("TZID")) == zone_name, f"{path}: VTIMEZONE for {zone_name}")
        for event in calendar.walk("VEVENT"):
            for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "SEQUENCE"):
                check(event.get(key) is not None, f"{path}: event without {key}")
            uid = str(event.get("UID"))
            check(uid not in all_uids, f"{path}: UID {uid} used twice")
            all_uids.add(uid)
            if str(event.get("STATUS", "CONFIRMED")) == "CANCELLED":
                continue
            start, end = event_instant(event.get("DTSTART"), zone), event_instant(event.get("DTEND"), zone)
            if name == "team.ics":
                team_events.append((start, end))
            elif uid.startswith("activity-"):
                session_events.append((agent_files.get(name, name), start, end))
            else:
                agent_events.append((agent_files.get(name, name), start, end))
    check(sorted(team_events) == sorted((start, end) for _, start, end in shifts),
          f"{folder}: team.ics does not hold exactly the shifts of roster.csv")
    check(sorted(agent_events) == sorted(shifts),
          f"{folder}: the agents' calendars do not hold exactly the shifts of roster.csv")
    check(sorted(session_events) == sorted(sessions),
          f"{folder}: the agents' calendars do not hold exactly the sessions of activities.csv")
    for file_name in agent_files:
        check(os.path.exists(os.path.join(calendars, file_name)), f"{folder}: no calendar {file_name}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if not arguments or len(arguments) % 2:
        sys.exit(__doc__)
    for index in range(0, len(arguments), 2):
        check_folder(arguments[index], arguments[index + 1])
    for failure in failures:
        print("FAIL", failure)
    print(f"calendars: {checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
