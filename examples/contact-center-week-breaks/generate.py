#!/usr/bin/env python3
"""Writes requirements.csv of the example week on 15-minute intervals (deterministic; run from
this folder): each half-hour of ../contact-center-week/requirements.csv becomes two quarter-hours
with the same requirement."""
import csv
import datetime

with open("../contact-center-week/requirements.csv") as source, open("requirements.csv", "w") as out:
    out.write("interval_start,required\n")
    for row in csv.DictReader(source):
        start = datetime.datetime.fromisoformat(row["interval_start"])
        for quarter in (0, 15):
            out.write(f"{(start + datetime.timedelta(minutes=quarter)).strftime('%Y-%m-%dT%H:%M')},{row['required']}\n")
