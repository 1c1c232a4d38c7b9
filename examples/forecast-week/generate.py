#!/usr/bin/env python3
"""Writes the forecast example's forecast.csv and agents.csv (deterministic; run from this folder).

Calls per half hour for a week: weekday peaks around 10:00 and 15:00, a lunch dip, quiet evenings,
Monday busiest, and a quieter weekend with shorter opening hours. Handle times are longer in the
morning peak (more complex contacts) and otherwise left to the scenario's default.
"""
import datetime
import math

START = datetime.date(2026, 11, 23)  # a Monday
OPEN = {0: (8, 20), 1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 20), 5: (9, 17), 6: (10, 16)}
DAY_FACTOR = {0: 1.0, 1: 0.92, 2: 0.88, 3: 0.9, 4: 0.84, 5: 0.45, 6: 0.3}

with open("forecast.csv", "w") as out:
    out.write("interval_start,calls,aht_seconds\n")
    for day in range(7):
        date = START + datetime.timedelta(days=day)
        open_hour, close_hour = OPEN[date.weekday()]
        for slot in range(open_hour * 2, close_hour * 2):
            hour = slot / 2 + 0.25  # middle of the half hour
            shape = 14 + 52 * math.exp(-((hour - 10.25) / 1.5) ** 2) + 38 * math.exp(-((hour - 15.0) / 1.6) ** 2)
            calls = round(DAY_FACTOR[date.weekday()] * shape)
            aht = "330" if 9.5 <= hour < 11.5 else ""
            out.write(f"{date.isoformat()}T{slot // 2:02d}:{30 * (slot % 2):02d},{calls},{aht}\n")

NAMES = ["Amira Haddad", "Bastian Vogel", "Camille Laurent", "Dario Conti", "Eva Lindgren", "Filip Marek",
         "Gül Arslan", "Henrik Dahl", "Irene Papadopoulos", "Jakub Wiśniewski", "Kira Sato", "Luca Bianchi",
         "Maren Koch", "Nils Ekström", "Olga Smirnova", "Pablo Herrera", "Rosa Jiménez", "Samir Bouzid",
         "Tilda Nyberg", "Ugo Ferrari", "Vera Horváth", "Wim Jansen", "Yusuf Çelik", "Zofia Nowak",
         "Adele Brun", "Boris Lang", "Clara Meyer", "Dana Roth", "Emre Aksoy", "Frida Holm"]

with open("agents.csv", "w") as out:
    out.write("id,name,email,max_weekly_hours,min_weekly_hours,max_days_per_week,min_rest_hours,unavailable\n")
    for index, name in enumerate(NAMES):
        agent_id = f"f{index + 1:02d}"
        email = f"{agent_id}@example.com"
        if index < 14:
            contract = ",32,,"
        elif index < 24:
            contract = "30,16,5,"
        else:
            contract = "20,8,4,"
        unavailable = "2026-11-25" if index in (4, 19) else ""
        out.write(f"{agent_id},{name},{email},{contract},{unavailable}\n")
