"""Regenerate the bundled synthetic campaigns from a fixed seed.

    python datasets/generate.py            # rewrite the files under datasets/spins/
    python datasets/generate.py --check    # exit 1 if any bundled file differs

Each campaign is simulated from known true chances, so its ground truth is documented in
datasets/README.md and checked by the test suite.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
START = pd.Timestamp("2026-03-01T08:00:00Z")


def _campaign(rng, labels, chances, n_spins, n_reporters, days):
    """Spins by reporters over ``days`` days; each reporter spins about once a day."""
    reporter_ids = [f"r-{i:04d}" for i in range(1, n_reporters + 1)]
    reporters = rng.choice(reporter_ids, size=n_spins)
    seconds = np.sort(rng.uniform(0, days * 86_400, size=n_spins))
    times = START + pd.to_timedelta(seconds.round(), unit="s")
    outcomes = rng.choice(labels, size=n_spins, p=chances)
    return pd.DataFrame({"reported_at": times.strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "reporter": reporters, "outcome": outcomes})


def demo_cashback() -> pd.DataFrame:
    """Cashback wheel whose 100% prize pays a quarter of its stated 0.5% (0.125%)."""
    rng = np.random.default_rng(20260301)
    labels = ["1%", "3%", "5%", "10%", "100%"]
    stated = np.array([7000, 2000, 700, 250, 50]) / 10_000
    true = stated.copy()
    true[4] = stated[4] / 4
    true[0] += stated[4] - true[4]
    return _campaign(rng, labels, true, n_spins=8000, n_reporters=400, days=30)


CAMPAIGNS = {"demo_cashback.csv": demo_cashback}


def render(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    out_dir = HERE / "spins"
    out_dir.mkdir(exist_ok=True)
    stale = []
    for name, make in CAMPAIGNS.items():
        text = render(make())
        path = out_dir / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
