"""Speed of the core in CPython. Prints figures measured in this run; asserts nothing.

Goals (issue 2): >= 20,000 periods per second; `import conferral_core` <= 30 ms.
Usage: make bench   (or .venv/bin/python bench/core.py)
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import subprocess
import sys
import time

from conferral_core import api, calendars, periods

IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def import_ms(module: str, runs: int = 15) -> float:
    samples = [float(subprocess.run([sys.executable, "-c", IMPORT.format(module=module)], capture_output=True,
                                    text=True, check=True).stdout) for _ in range(runs)]
    return statistics.median(samples) * 1000


def requests(n: int) -> list[dict]:
    rng = random.Random(6)
    out = []
    for _ in range(n):
        start = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
        if rng.random() < 0.8:
            out.append({"kind": "period", "court": rng.choice(["caed", "cand"]), "from": start.isoformat(),
                        "days": rng.choice([5, 7, 10, 14, 21, 30]), "direction": rng.choice(["after", "before"])})
        else:
            out.append({"kind": "period", "court": "caed", "from": f"{start}T10:00", "hours": 24,
                        "direction": "before"})
    return out


def rate(fn, items) -> float:
    t = time.perf_counter()
    for item in items:
        fn(item)
    return len(items) / (time.perf_counter() - t)


def main() -> None:
    print(f"import conferral_core: {import_ms('conferral_core'):.1f} ms (median of 15; goal <= 30 ms)")
    print(f"import conferral_core.api: {import_ms('conferral_core.api'):.1f} ms (median of 15; loads no data)")
    reqs = requests(20_000)
    for r in reqs[:200]:  # warm the per-year holiday caches, as a long-lived page would be
        api.handle(r)
    api_rates = [rate(api.handle, reqs) for _ in range(3)]
    print(f"api.handle period requests: {statistics.median(api_rates):,.0f}/s "
          f"(median of 3 x {len(reqs):,}; goal >= 20,000/s)")
    cal = calendars.calendar("caed")
    plain = [periods.Period(cal, dt.date.fromisoformat(r["from"]), r["days"], direction=r["direction"])
             for r in reqs if "days" in r]
    engine_rates = [rate(periods.compute, plain) for _ in range(3)]
    print(f"periods.compute (engine only, all readings): {statistics.median(engine_rates):,.0f}/s")


if __name__ == "__main__":
    main()
