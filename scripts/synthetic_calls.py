#!/usr/bin/python3
"""A synthetic call log with known arrival rates, for checking `roster forecast`.

Usage: synthetic_calls.py --out calls.csv [--truth truth.csv] [--seed 2026] [--weeks 12]
                          [--start 2026-08-31] [--interval 30]

The rate of calls in interval t of weekday d of week w (w = 0 the first week) is

    rate(w, d, t) = BASE · (1 + GROWTH)^w · WEEKDAY[d] · PROFILE(t) · noise(w, d)

with BASE = 40 calls per half-hour at the profile's peak, GROWTH = 1 % a week, WEEKDAY the factors
below, PROFILE two peaks (10:30 and 15:00) between 07:00 and 21:00 (0 outside), and noise(w, d) a
day-level log-normal factor with mean 1 and σ(log) = 0.08 (weather, campaigns). Calls arrive as a
Poisson process at that rate, uniformly inside the interval; handle times are gamma distributed
(shape 2, mean 280 s). Every call is answered.

`--truth` writes the rates of the week after the log (w = WEEKS), without the day-level noise:
interval_start,rate (calls expected per interval), the target of the forecast.
"""
import argparse
import csv
import datetime
import math
import random

BASE = 40.0
GROWTH = 0.01
WEEKDAY = [1.20, 1.10, 1.00, 1.00, 0.95, 0.50, 0.30]
MEAN_HANDLE = 280.0
NOISE = 0.08


def profile(minute):
    """Share of the peak rate at a minute of the day: two Gaussian peaks, open 07:00–21:00."""
    if minute < 7 * 60 or minute >= 21 * 60:
        return 0.0
    hours = minute / 60 + 0.25
    return max(0.08, math.exp(-((hours - 10.5) / 1.8) ** 2) + 0.8 * math.exp(-((hours - 15.0) / 2.0) ** 2))


def rate(week, day, minute, interval):
    return BASE * (1 + GROWTH) ** week * WEEKDAY[day] * profile(minute) * interval / 30


def poisson(rng, mean):
    """Knuth's method for small means, a normal approximation (rounded, at least 0) above 60."""
    if mean > 60:
        return max(0, int(round(rng.gauss(mean, math.sqrt(mean)))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--truth")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--start", default="2026-08-31")
    parser.add_argument("--interval", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    start = datetime.date.fromisoformat(args.start)
    with open(args.out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["arrival", "handle_seconds", "outcome", "caller"])
        for week in range(args.weeks):
            for day in range(7):
                date = start + datetime.timedelta(days=7 * week + day)
                noise = math.exp(rng.gauss(-NOISE * NOISE / 2, NOISE))
                for minute in range(0, 1440, args.interval):
                    count = poisson(rng, rate(week, day, minute, args.interval) * noise)
                    seconds = sorted(rng.randrange(args.interval * 60) for _ in range(count))
                    for second in seconds:
                        at = minute * 60 + second
                        handle = rng.gammavariate(2.0, MEAN_HANDLE / 2)
                        writer.writerow([f"{date}T{at // 3600:02d}:{at // 60 % 60:02d}:{at % 60:02d}", f"{handle:.0f}", "answered", f"c{rng.randrange(10**6)}"])
    if args.truth:
        target = start + datetime.timedelta(days=7 * args.weeks)
        with open(args.truth, "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["interval_start", "rate"])
            for day in range(7):
                date = target + datetime.timedelta(days=day)
                for minute in range(0, 1440, args.interval):
                    value = rate(args.weeks, day, minute, args.interval)
                    if value > 0:
                        writer.writerow([f"{date}T{minute // 60:02d}:{minute % 60:02d}", f"{value:.4f}"])


if __name__ == "__main__":
    main()
