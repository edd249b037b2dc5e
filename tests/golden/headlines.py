"""Write the golden headlines of the bundled campaigns: ``python -m tests.golden.headlines``.

Run it when a headline changes on purpose, and read the diff of ``headlines.txt`` before
committing it: that file is what a newcomer reads first, in both languages.
"""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).with_name("headlines.txt")


def headlines() -> str:
    """``name / lang / level / headline`` blocks for every campaign of datasets/campaigns.csv,
    analysed with the defaults (alpha 0.01, seed 0)."""
    import fairness
    from fairness.datasets import list_datasets, load_campaign

    blocks = []
    names = list_datasets().query("kind != 'game'")["name"]
    for name in names:
        evidence, game = load_campaign(name)
        answer = fairness.verdict(fairness.analyze(evidence, game, alpha=0.01, seed=0))
        for lang in ("en", "ru"):
            blocks.append(f"{name} [{lang}] {answer.level}\n{answer.headline(lang)}\n")
    return "\n".join(blocks)


if __name__ == "__main__":
    GOLDEN.write_text(headlines(), encoding="utf-8")
    print(f"wrote {GOLDEN}")
