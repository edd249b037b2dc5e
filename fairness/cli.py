"""The ``fairness`` command: a thin layer that gathers input, calls the library and prints.

Exit codes: 0 ran, 2 user error (one line on stderr, no traceback; ``--debug`` shows it),
3 the verdict is at or above ``--fail-on``, 1 an internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

import fairness
from fairness.errors import FairnessError
from fairness.verdict import LEVELS

EXIT_USER_ERROR = 2
EXIT_FAIL_ON = 3


class _Group(click.Group):
    """Turns the library's user errors into one line and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FairnessError as exc:
            if ctx.params.get("debug") or (ctx.obj and ctx.obj.get("debug")):
                raise
            click.echo(f"fairness: error: {exc}", err=True)
            ctx.exit(EXIT_USER_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(fairness.__version__, prog_name="fairness")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx, debug):
    """Check whether a prize draw (cashback wheel, loot box, promo) behaves like the lottery its
    operator claims.

    \b
    Example:
      fairness check datasets/spins/demo_cashback.csv --game datasets/games/cashback_wheel.toml
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path),
              help="Stated odds: a game spec in TOML.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--lang", type=click.Choice(["en", "ru"]), default="en", show_default=True,
              help="Language of the verdict.")
@click.option("--alpha", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=0.01, show_default=True,
              help="Level: the evidence must reach 1/alpha for 'inconsistent'.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of every simulation (same inputs, same answer).")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write the report here instead of standard output.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="Exit with code 3 when the verdict is this level or worse.")
def check(data, game_path, fmt, lang, alpha, seed, output, fail_on):
    """Check spins in DATA against the stated odds in GAME and print a verdict.

    \b
    Example:
      fairness check datasets/spins/demo_cashback.csv \\
          --game datasets/games/cashback_wheel.toml --format json
    """
    from fairness.report import to_json, to_text

    game = fairness.load_game(game_path)
    evidence = _read(data, game)
    answer = fairness.verdict(fairness.analyze(evidence, game, alpha=alpha, seed=seed))
    report = to_json(answer, lang) if fmt == "json" else to_text(answer, lang)
    _emit(report, output)
    if fail_on is not None and answer.severity >= LEVELS.index(fail_on):
        sys.exit(EXIT_FAIL_ON)


def _read(paths, game):
    """Evidence from one or more files (canonical spins CSV)."""
    if len(paths) != 1:
        raise FairnessError("give one spins CSV (several files need `fairness.ingest`)")
    return fairness.read_spins(paths[0], game)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise FairnessError(f"cannot write ({exc.strerror})", source=str(output)) from None


if __name__ == "__main__":  # pragma: no cover
    main()
