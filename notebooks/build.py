"""Write the analyst notebooks from the cells below (stored without outputs).

    python notebooks/build.py            # rewrite notebooks/*.ipynb
    python notebooks/build.py --check    # exit 1 if a notebook differs from this script

The notebooks are generated so that they stay in step with the API: change a cell here, run the
script, and tests/test_notebooks.py executes every notebook end to end.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

QUICKSTART = [
    ("md", """# Quickstart: is this wheel as fair as its rules say?

A bank's cashback wheel publishes its prize fund: of every 10,000 spins, 7,000 pay 1% cashback,
2,000 pay 3%, 700 pay 5%, 250 pay 10% and 50 pay 100%. A community collected 8,000 spins.
Are they being cheated, is it bad luck, or do they need more data? Ten cells of the Python API."""),
    ("code", """import fairness
from fairness import datasets

datasets.list_datasets()[["name", "kind", "description", "expected_level"]]"""),
    ("md", "**1. The stated odds.** A game spec (TOML) in the form the operator published."),
    ("code", """game = fairness.load_game(datasets.path("cashback_wheel"))
game.to_frame()"""),
    ("md", """**2. The spins.** A canonical CSV: one row per spin with `outcome`, and optionally
`reported_at`, `reporter`, `segment`. Every row read is accounted for."""),
    ("code", """evidence = fairness.ingest(datasets.path("demo_cashback"), game)
print(evidence.summary)
evidence.to_frame()"""),
    ("md", """**3. Analyze.** `analyze()` runs every test the data support: goodness of fit,
per-outcome exact tests with Holm correction, the anytime-valid e-value, Bayesian estimates,
the mean prize, and how many spins are needed. One row per outcome:"""),
    ("code", """analysis = fairness.analyze(evidence, game)
analysis.to_frame()[["label", "stated", "observed", "rate", "ratio", "ci_low", "ci_high",
                     "p_holm", "posterior_mean"]]"""),
    ("code", "analysis.fits_frame()"),
    ("md", """**4. The verdict.** The only place with thresholds: a level, one sentence, the
findings behind it, the caveats and the next step, in English or Russian."""),
    ("code", """answer = fairness.verdict(analysis)
print(answer.label(), "-", answer.headline())
print(answer.headline("ru"))
print("Next:", answer.next_step())
answer.to_frame()"""),
    ("md", """**5. The picture.** Observed chance of each outcome as a multiple of its stated
chance, with 95% intervals (red where the corrected test rejects)."""),
    ("code", """import fairness.plot

ax = fairness.plot.plot_outcomes(analysis)"""),
    ("md", """**Counts only?** "We collected 3,000 spins and saw 31 of the 10% prize" — tallies
work too (no order, so no sequence tests):"""),
    ("code", """tally = fairness.Evidence.from_counts(game, {"1%": 2146, "3%": 603, "5%": 205,
                                             "10%": 31, "100%": 15})
quick = fairness.verdict(fairness.analyze(tally, game))
print(quick.level, "-", quick.headline())"""),
    ("md", """**A wheel with no odds.** Most marketplace wheels publish no chances at all: the spec
lists the prizes with no chance key. The verdict then checks what needs no stated odds — the
same wheel for every client segment and reporter, at all times — and every prize gets its
measured chance with an exact 95% interval ("what the community measured")."""),
    ("code", """no_odds = fairness.load_game(datasets.path("marketplace_no_odds"))
spins = fairness.ingest(datasets.path("no_odds_by_segment"), no_odds)
measured = fairness.analyze(spins, no_odds)
print(measured.mode, "-", fairness.verdict(measured).headline("ru"))
measured.to_frame()[["label", "is_stated", "observed", "rate", "rate_low", "rate_high"]]"""),
]

TELEGRAM = [
    ("md", """# Auditing a Telegram channel

A community chat where members post what the bank's cashback wheel gave them. The bundled
export is synthetic (invented people, March 2026), in Telegram Desktop's JSON format and the same
chat in its HTML format. Its truth is known: the wheel is **honest**, but members post big wins
more readily than 1% — see `datasets/README.md`."""),
    ("code", """import pandas as pd

import fairness
import fairness.plot
from fairness import datasets

game = datasets.load_game("cashback_wheel")
export = datasets.path("telegram_json")
evidence = fairness.ingest(export, game, secret="my-community")  # same secret, same pseudonyms
summary = {k: evidence.summary[k] for k in ("read", "used", "rejected", "not_a_report",
                                            "spins", "tally_spins")}
summary"""),
    ("md", """## 1. Check the extraction

Every message read is a spin report, a tally (the poll), a rejected report or not a report, and
the numbers add up. Look at what was rejected, and why, before trusting anything else."""),
    ("code", """counted = summary["used"] + summary["rejected"] + summary["not_a_report"]
assert summary["read"] == counted
print(evidence.summary["rejected_by_reason"])
evidence.rejected"""),
    ("code", """# The spins as extracted: pseudonymous reporters, UTC times, where each came from.
evidence.spins.head(10)"""),
    ("code", "evidence.tallies  # the poll's answers that name an outcome"),
    ("md", """The HTML export of the same chat gives the same spins (its reporters are pseudonyms of
display names, since HTML exports carry no user ids), and giving both files counts each message
once:"""),
    ("code", """from_html = fairness.ingest(datasets.path("telegram_html"), game)
both = fairness.ingest([export, datasets.path("telegram_html")], game)
pd.DataFrame({"json": evidence.counts(), "html": from_html.counts(), "both": both.counts()},
             index=game.labels)"""),
    ("md", "## 2. Analyze and decide"),
    ("code", """analysis = fairness.analyze(evidence, game)
answer = fairness.verdict(analysis)
print(answer.label("ru"), "—", answer.headline("ru"))
print(answer.label(), "-", answer.headline())
answer.to_frame()"""),
    ("code", """import matplotlib.pyplot as plt

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
fairness.plot.plot_outcomes(analysis, ax=left, lang="ru")
fairness.plot.plot_evidence_path(analysis, ax=right, lang="ru");"""),
    ("md", """## 3. The reporting-bias caveat

Posts are not a random sample of spins. How much more often would people who got an outcome have
to post it, compared with everyone else, to explain what is seen on an honest wheel? If the
answer is a plausible factor (people post a 5% twice as readily as a 1%), the chat cannot tell
a rigged wheel from enthusiastic posting; complete logs of every spin can."""),
    ("code", """from fairness.stats.bias import reporting_bias

bias = reporting_bias(analysis.observed, game.stated, labels=game.labels)
bias.to_frame()"""),
    ("code", """for caveat in answer.caveat_texts():
    print("-", caveat)"""),
]

PLANNING = [
    ("md", """# Planning and monitoring

Three questions a community asks before and while it collects spins:

1. How many spins do we need?
2. May we look at the result after every batch, or does that inflate false alarms?
3. Is everyone getting the same odds, and do the odds stay the same over time?"""),
    ("code", """import numpy as np
import pandas as pd

import fairness
import fairness.plot
from fairness import datasets
from fairness.stats.power import spins_needed

game = datasets.load_game("cashback_wheel")"""),
    ("md", """## 1. How many spins?

`spins_needed` simulates the verdict's own test (the e-value reaching 1/α = 100) when one prize
really comes at a fraction of its stated chance. Rare prizes need many spins."""),
    ("code", """rows = []
for target in ("100%", "10%"):
    for ratio in (0.25, 0.5, 0.75):
        plan = spins_needed(game.stated, game.lower, game.upper, labels=list(game.labels),
                            values=game.values, target=target, ratio=ratio)
        rows.append({"prize": target, "really comes at": f"{ratio:.0%} of stated",
                     "spins for 80% power": plan.n_required})
pd.DataFrame(rows)"""),
    ("md", """Every analysis carries its own plan: how many spins would settle the question from
where the data are now."""),
    ("code", """small, promo = datasets.load_campaign("promo_small_sample")
analysis = fairness.analyze(small, promo)
answer = fairness.verdict(analysis)
print(analysis.plan)
print(answer.headline())"""),
    ("md", """## 2. The evidence over time, and why looking again is safe

The e-value is a likelihood ratio of "some other odds" against the stated odds, built up spin by
spin. For an honest wheel its running value is a nonnegative martingale, so by **Ville's
inequality** the chance that it *ever* reaches 1/α is at most α — however often it is checked.
A community may recompute after every new batch of posts."""),
    ("code", """evidence, _ = datasets.load_campaign("demo_cashback")
demo = fairness.analyze(evidence, game)
ax = fairness.plot.plot_evidence_path(demo)"""),
    ("md", """A small simulation: 200 honest campaigns of 3,000 spins, checked after every 100
spins. Reading a fixed-sample p-value at every check raises false alarms well above its nominal
1%; the e-value's crossing rate stays below 1%."""),
    ("code", """from fairness.stats import evalue_path
from fairness.stats.fit import goodness_of_fit

rng = np.random.default_rng(1)
honest, n, step = 200, 3000, 100
e_alarms = p_alarms = 0
for _ in range(honest):
    spins = rng.choice(len(game.labels), size=n, p=game.stated)
    path = evalue_path(np.bincount(spins, minlength=5), game.stated, sequence=spins,
                       checkpoints=n // step)
    e_alarms += bool((path["evalue"] >= 100).any())
    pvalues = [goodness_of_fit(np.bincount(spins[:k], minlength=5), game.stated,
                               method="pearson").pvalue for k in range(step, n + 1, step)]
    p_alarms += min(pvalues) < 0.01
pd.DataFrame({"false alarms": [e_alarms / honest, p_alarms / honest]},
             index=["e-value >= 100 at any check", "Pearson p < 0.01 at any check"])"""),
    ("md", """## 3. Personalisation and drift

A wheel can match its stated odds *on average* and still be unfair: new clients may get the top
prize more often than existing ones, or a prize may vanish after the first weeks. The overall
fit cannot see that; comparing segments and time windows can."""),
    ("code", """from fairness.stats import drift_test, homogeneity_test

segmented, _ = datasets.load_campaign("cashback_by_segment")
overall = fairness.verdict(fairness.analyze(segmented, game))
print("overall:", overall.level, "| findings:", [f.code for f in overall.findings])
pd.crosstab(segmented.spins["segment"], segmented.spins["outcome"], normalize="index")"""),
    ("code", """codes = segmented.spins["outcome"].cat.codes.to_numpy()
by_segment = homogeneity_test(segmented.spins["segment"], codes, len(game.labels),
                              n_simulations=1000)
by_segment.to_frame()"""),
    ("code", """drifting, points = datasets.load_campaign("points_drift")
codes = drifting.spins["outcome"].cat.codes.to_numpy()
top = points.labels.index("1000 баллов")
drift = drift_test(drifting.spins["reported_at"], codes, len(points.labels), stated=points.stated,
                   outcome=top, n_simulations=200)
drift.to_frame()"""),
    ("md", """Both tests are pure functions of `fairness.stats`; `analyze()` runs them on every
campaign with segments, reporters and times, and the verdict reports a difference as a
`segment_difference` / `drift` finding ("suspicious: keep collecting")."""),
]

NOTEBOOKS = {
    "01_quickstart.ipynb": QUICKSTART,
    "02_telegram_audit.ipynb": TELEGRAM,
    "03_planning_and_monitoring.ipynb": PLANNING,
}


def build(cells) -> nbformat.NotebookNode:
    notebook = new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for index, (kind, source) in enumerate(cells):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"cell-{index:02d}"  # stable ids: the files do not change on rebuild
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    return notebook


def render(cells) -> str:
    return nbformat.writes(build(cells)) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for name, cells in NOTEBOOKS.items():
        text = render(cells)
        path = HERE / name
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
