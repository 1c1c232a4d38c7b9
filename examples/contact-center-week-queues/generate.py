#!/usr/bin/env python3
"""Writes the two-queue example week's requirements.csv and agents.csv (deterministic; run from
this folder), from the single-queue example week in ../contact-center-week.

A Berlin center answers German and English calls. Each interval's requirement of the single-queue
week is split: English takes 35 % (rounded down, at least one agent while the center is open),
German the rest. The same 40 agents keep their contracts; 24 serve German only, 6 English only
and 10 both (German first).
"""
import csv

with open("../contact-center-week/requirements.csv") as source, open("requirements.csv", "w") as out:
    out.write("interval_start,queue,required\n")
    for row in csv.DictReader(source):
        total = int(row["required"])
        english = max(1, int(total * 0.35)) if total > 0 else 0
        out.write(f"{row['interval_start']},german,{total - english}\n")
        out.write(f"{row['interval_start']},english,{english}\n")

with open("../contact-center-week/agents.csv") as source, open("agents.csv", "w") as out:
    reader = csv.reader(source)
    header = next(reader)
    out.write(",".join(header + ["skills"]) + "\n")
    for number, row in enumerate(reader, start=1):
        if number % 4 == 0:
            skills = "german:1;english:2"  # 10 bilingual agents
        elif number % 8 in (3, 7) and number <= 24:
            skills = "english"  # 6 English-only agents
        else:
            skills = "german"
        out.write(",".join(row + [skills]) + "\n")
