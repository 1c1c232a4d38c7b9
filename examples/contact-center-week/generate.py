#!/usr/bin/env python3
"""Writes the example week's requirements.csv and agents.csv (deterministic; run from this folder).

The requirement curve is the usual inbound contact-center shape: a morning peak around
10:00-11:30, a lunch dip, an afternoon peak around 14:30-16:00, quieter evenings, Monday busiest,
Friday a little lighter, and a weekend dip with shorter opening hours.
"""
import datetime
import math

START = datetime.date(2026, 11, 23)  # a Monday
OPEN = {0: (7, 21), 1: (7, 21), 2: (7, 21), 3: (7, 21), 4: (7, 21), 5: (8, 18), 6: (9, 17)}
DAY_FACTOR = {0: 1.0, 1: 0.94, 2: 0.9, 3: 0.9, 4: 0.86, 5: 0.5, 6: 0.36}


def need(weekday, hour):
    """Agents needed at a fractional hour of the day."""
    open_hour, close_hour = OPEN[weekday]
    if hour < open_hour or hour >= close_hour:
        return 0
    morning = 20.0 * math.exp(-((hour - 10.75) / 1.6) ** 2)
    afternoon = 15.0 * math.exp(-((hour - 15.25) / 1.5) ** 2)
    base = 5.0 + 2.0 * math.exp(-((hour - 13.0) / 4.0) ** 2)
    return max(2, round(DAY_FACTOR[weekday] * (base + morning + afternoon)))


with open("requirements.csv", "w") as out:
    out.write("interval_start,required\n")
    for day in range(7):
        date = START + datetime.timedelta(days=day)
        for slot in range(48):
            hour = slot / 2
            value = need(date.weekday(), hour)
            if value:
                out.write(f"{date.isoformat()}T{slot // 2:02d}:{30 * (slot % 2):02d},{value}\n")

FIRST = ["Ana", "Ben", "Chloé", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kemal", "Lena",
         "Mateo", "Nadia", "Oskar", "Paula", "Quentin", "Rania", "Sven", "Tamara", "Umut", "Valeria", "Wiebke",
         "Xavier", "Yasmin", "Zoe", "Aylin", "Bruno", "Carla", "Deniz", "Emil", "Fatima", "Georg", "Hanna",
         "Ivan", "Julia", "Karim", "Lotte", "Milan", "Nora"]
LAST = ["Keller", "Novak", "Dubois", "Petrov", "Yilmaz", "Haddad", "Lindqvist", "Moreau", "Santos", "Becker",
        "Aydin", "Fischer", "Ruiz", "Benali", "Berg", "Costa", "Lefèvre", "Nasser", "Olsen", "Ivanova", "Kaya",
        "Romero", "Hansen", "Garnier", "Rahimi", "Weber", "Demir", "Ricci", "Vidal", "Şahin", "Krüger", "Ahmed",
        "Bauer", "Schulz", "Horvat", "Wagner", "Mansour", "de Vries", "Kovač", "Brandt"]

rows = []
for index, (first, last) in enumerate(zip(FIRST, LAST)):
    agent_id = f"a{index + 1:02d}"
    email = f"{first.lower().replace('é', 'e').replace('ş', 's')}.{last.lower().replace(' ', '').replace('è', 'e').replace('ü', 'ue').replace('č', 'c').replace('ş', 's')}@example.com"
    if index < 16:  # full-time: 40 h cap, at least 32 h
        max_hours, min_hours, days, rest = "", "32", "", ""
    elif index < 28:  # part-time up to 30 h, at least 16 h
        max_hours, min_hours, days, rest = "30", "16", "5", ""
    else:  # part-time up to 20 h on at most four days, at least 8 h
        max_hours, min_hours, days, rest = "20", "8", "4", ""
    unavailable = ""
    if index in (3, 17):
        unavailable = "2026-11-26;2026-11-27"  # two days of leave
    elif index == 9:
        unavailable = "2026-11-23"
    elif index == 30:
        unavailable = "2026-11-28;2026-11-29"
    rows.append(f"{agent_id},{first} {last},{email},{max_hours},{min_hours},{days},{rest},{unavailable}")

with open("agents.csv", "w") as out:
    out.write("id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable\n")
    out.write("\n".join(rows) + "\n")

# Preference files, as agents would write them (most agents submit one; some do not).
import os
import random

rng = random.Random(48)
os.makedirs("preferences", exist_ok=True)
for name in os.listdir("preferences"):
    os.remove(os.path.join("preferences", name))
DATES = [(START + datetime.timedelta(days=d)) for d in range(7)]
NOTES = ["family dinner", "doctor's appointment", "moving house", "child's school play", "visiting parents", ""]
for index in range(40):
    if index % 7 == 6:
        continue  # these agents submit nothing
    agent_id = f"a{index + 1:02d}"
    first = FIRST[index]
    lines = [f"# Preferences of {first} {LAST[index]} for the week of {START.isoformat()}", f"agent: {agent_id}"]
    budget = 12
    off = rng.sample(DATES, rng.choice([1, 1, 2]))
    lines.append("days_off:")
    for date in sorted(off):
        priority = rng.choice([2, 3, 4])
        budget -= priority
        note = rng.choice(NOTES)
        lines.append(f"  - date: {date.isoformat()}")
        lines.append(f"    priority: {priority}")
        if note:
            lines.append(f"    note: \"{note}\"")
    if rng.random() < 0.5 and budget >= 2:
        earliest = rng.choice(["08:00", "09:00", "10:00"])
        lines += ["start_times:", f"  - earliest: \"{earliest}\"", "    days: [mon, tue, wed, thu, fri]", "    priority: 2"]
        budget -= 2
    if index >= 16 and rng.random() < 0.5 and budget >= 1:
        lines += ["shift_lengths:", f"  hours: [{rng.choice(['4', '6', '4, 6'])}]", "    priority: 1".replace("    ", "  ")]
        budget -= 1
    if index < 16 and rng.random() < 0.3 and budget >= 2:
        lines += ["weekly_hours:", "  maximum: 36", "  priority: 2"]
        budget -= 2
    if rng.random() < 0.25:
        day = rng.choice(DATES[:5])
        lines += ["unavailable:", f"  - date: {day.isoformat()}", "    from: \"14:00\"", "    to: \"18:00\"", "    reason: course"]
    with open(os.path.join("preferences", f"{agent_id}.yaml"), "w") as out:
        out.write("\n".join(lines) + "\n")
