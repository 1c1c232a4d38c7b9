#!/usr/bin/python3
"""Checks `roster forecast` on a synthetic call log with known rates (scripts/synthetic_calls.py).

Usage: check_forecast.py ROSTER_BINARY WORK_DIR [--seeds 2026 ...] [--future 200]

For each seed: 12 weeks of calls (from 2026-08-31), then the week of 2026-11-23 forecast from the
last 8 of them, at the mean and at mean + 1σ.
- WAPE of the expected calls against the true rates of that week must be at most MAX_WAPE
  (0.12; seeds 2026–2030 gave 0.068–0.100).
- Staffing each interval by Erlang C (80 % of calls within 20 s; an implementation of its own
  here) for the planned calls and the forecast's handle time, FUTURE weeks are simulated (new
  day-level noise, Poisson counts) and each week's call-weighted service level computed with the
  true mean handle time: at mean + 1σ at least 80 % of the weeks must reach 80 %.
Prints what it measured.
"""
import csv
import math
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synthetic_calls as synthetic  # noqa: E402

MAX_WAPE = 0.12
TARGET, WITHIN = 0.80, 20.0


def service_level(agents, traffic, aht):
    """Erlang C service level of `agents` at `traffic` Erlangs within WITHIN seconds."""
    if traffic <= 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = traffic * blocking / (k + traffic * blocking)
    waiting = agents * blocking / (agents - traffic * (1 - blocking))
    return 1 - waiting * math.exp(-(agents - traffic) * WITHIN / aht)


def agents_for(calls, aht, seconds):
    traffic = calls * aht / seconds
    agents = max(1, int(math.floor(traffic)) + 1) if calls > 0 else 0
    while calls > 0 and service_level(agents, traffic, aht) < TARGET:
        agents += 1
    return agents


def read(path, key):
    with open(path) as f:
        return {row["interval_start"]: row for row in csv.DictReader(f)}


def main(binary, work, seeds, future):
    failures = []
    for seed in seeds:
        folder = os.path.join(work, f"seed-{seed}")
        os.makedirs(folder, exist_ok=True)
        log, truth = os.path.join(folder, "calls.csv"), os.path.join(folder, "truth.csv")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "synthetic_calls.py"), "--out", log, "--truth", truth, "--seed", str(seed)], check=True)
        rates = {k: float(v["rate"]) for k, v in read(truth, "rate").items()}
        results = {}
        for robust in ["mean", "sigma:1"]:
            out = os.path.join(folder, robust.replace(":", "-"), "forecast.csv")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            run = subprocess.run([binary, "forecast", log, "--week", "2026-11-23", "--interval", "30", "--weeks", "8", "--robust", robust,
                                  "--backtest", "2", "--service-level", "80/20", "--out", out], capture_output=True, text=True)
            if run.returncode != 0:
                failures.append(f"seed {seed} {robust}: exit {run.returncode}: {run.stderr}")
                continue
            results[robust] = (read(out, "calls"), run.stdout)
        if len(results) < 2:
            continue
        forecast, stdout = results["mean"]
        # The mean forecast's WAPE against the true rates (the expected calls are the mean's calls).
        keys = set(rates) | set(forecast)
        wape = sum(abs(float(forecast.get(k, {"calls": 0})["calls"]) - rates.get(k, 0)) for k in keys) / sum(rates.values())
        print(f"check_forecast: seed {seed}: WAPE {wape:.3f} against the true rates (at most {MAX_WAPE}); {stdout.splitlines()[0]}")
        for line in stdout.splitlines():
            if line.strip().startswith("backtest"):
                print(f"check_forecast: seed {seed}:{line}")
        if wape > MAX_WAPE:
            failures.append(f"seed {seed}: WAPE {wape:.3f} above {MAX_WAPE}")
        rng = random.Random(seed * 7919)
        for robust, (planned, _) in results.items():
            staffing = {k: agents_for(float(v["calls"]), float(v["aht_seconds"]), 1800) for k, v in planned.items()}
            reached = 0
            for _ in range(future):
                noise = [math.exp(rng.gauss(-synthetic.NOISE ** 2 / 2, synthetic.NOISE)) for _ in range(7)]
                answered_in_time = calls = 0.0
                for key, mean in rates.items():
                    day = int(key[8:10]) - 23
                    count = synthetic.poisson(rng, mean * noise[day])
                    if count == 0:
                        continue
                    level = service_level(staffing.get(key, 0), count * synthetic.MEAN_HANDLE / 1800, synthetic.MEAN_HANDLE)
                    answered_in_time += level * count
                    calls += count
                reached += answered_in_time / calls >= TARGET
            share = reached / future
            print(f"check_forecast: seed {seed}: staffing at {robust} reaches {TARGET:.0%} on {share:.1%} of {future} simulated weeks ({sum(staffing.values())} agent-intervals)")
            if robust == "sigma:1" and share < 0.80:
                failures.append(f"seed {seed}: mean + 1σ reaches the target on only {share:.1%} of weeks")
    for failure in failures:
        print("check_forecast: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("work")
    parser.add_argument("--seeds", type=int, nargs="+", default=[2026])
    parser.add_argument("--future", type=int, default=200)
    args = parser.parse_args()
    sys.exit(main(args.binary, args.work, args.seeds, args.future))
