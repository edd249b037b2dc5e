"""The ``fairness`` command: a thin layer that gathers input, calls the library and prints.

Exit codes: 0 ran, 2 user error (one line on stderr, no traceback; ``--debug`` shows it),
3 the verdict is at or above ``--fail-on``, 1 an internal error.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import click

import fairness
from fairness import i18n
from fairness.errors import FairnessError, Message
from fairness.i18n import text
from fairness.texts import LEVELS

EXIT_USER_ERROR = 2
EXIT_FAIL_ON = 3
EXIT_INTERNAL = 1
FORMATS = ("text", "json", "markdown", "html")


class _Group(click.Group):
    """Turns the library's user errors into one line and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FairnessError as exc:
            if _debug(ctx):
                raise
            click.echo(_words(ctx, "cli.error", message=exc.message(_lang(ctx))), err=True)
            ctx.exit(EXIT_USER_ERROR)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(_words(ctx, "cli.interrupted"), err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader of the output went away (`fairness datasets | head`). As the Python
            # docs advise (signal module, "Note on SIGPIPE"), the rest of the output goes to
            # /dev/null so the flush at exit does not fail again; 141 is what a shell shows
            # for a program stopped by a closed pipe.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(141)
        except Exception as exc:
            if _debug(ctx):
                raise
            message = " ".join(str(exc).split())  # the exception's own words, for a bug report
            click.echo(_words(ctx, "cli.internal_error", kind=type(exc).__name__,
                              message=message), err=True)
            ctx.exit(EXIT_INTERNAL)


def _lang(ctx) -> str:
    """The language chosen with --lang (kept on the root context by the option)."""
    return (ctx.find_root().obj or {}).get("lang", "en")


def _words(ctx, key: str, **params) -> str:
    return text(key, _lang(ctx), **params)


def _debug(ctx) -> bool:
    return bool(ctx.params.get("debug") or (ctx.obj and ctx.obj.get("debug")))


def _set_debug(ctx, _param, value):
    if value:
        ctx.ensure_object(dict)
        root = ctx.find_root()
        root.ensure_object(dict)
        root.obj["debug"] = True
    return value


debug_option = click.option("--debug", is_flag=True, expose_value=False, is_eager=True,
                            callback=_set_debug, help="Show tracebacks instead of one-line errors.")
def _set_lang(ctx, _param, value):
    # Kept on the root context too, so a user error is reported in the output's language.
    root = ctx.find_root()
    root.ensure_object(dict)
    root.obj["lang"] = value
    return value


lang_option = click.option("--lang", type=click.Choice(["en", "ru"]), default="en",
                           show_default=True, is_eager=True, callback=_set_lang,
                           help="Language of the output.")
class _Finite(click.FloatRange):
    """A float range that also refuses nan (which every comparison lets through)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


alpha_option = click.option("--alpha", type=_Finite(0, 1, min_open=True, max_open=True),
                            default=0.01, show_default=True,
                            help="Level: the evidence must reach 1/alpha for 'inconsistent'.")
def _check_encoding(_ctx, _param, value):
    if value is None:
        return None
    import codecs

    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(f"unknown text encoding {value!r} (e.g. utf-8, cp1251, "
                                 "koi8-r, utf-16)") from None
    return value


encoding_option = click.option("--encoding", default=None, metavar="NAME",
                               callback=_check_encoding,
                               help="Text encoding of the data files (e.g. cp1251) "
                                    "[default: detected].")
seed_option = click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
                           help="Seed of every simulation (same inputs, same answer).")
fail_on_option = click.option("--fail-on", type=click.Choice(LEVELS), default=None,
                              help="Exit with code 3 when the verdict is this level or worse.")


def _show_version(ctx: click.Context, asked: bool) -> None:
    # (fairness.__version__ is read only when asked: importlib.metadata is slow to import)
    if asked and not ctx.resilient_parsing:
        click.echo(f"fairness, version {fairness.__version__}")
        ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _param, asked: _show_version(ctx, asked),
              help="Show the version and exit.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx, debug):
    """Check whether a prize draw (cashback wheel, loot box, promo) behaves like the lottery its
    operator claims.

    \b
    Exit codes: 0 ran, 2 user error, 3 verdict at or above --fail-on, 1 internal error.

    \b
    Example:
      fairness check datasets/spins/demo_cashback.csv --game datasets/games/cashback_wheel.toml
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = ctx.obj.get("debug", False) or debug


# ---------------------------------------------------------------------------------------------
# check

@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path),
              help="Stated odds: a game spec in TOML.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write the report here instead of standard output.")
@click.option("--card", type=click.Path(path_type=Path),
              help="Also draw the verdict card (PNG, 1280x720) to post in a channel.")
@encoding_option
@lang_option
@alpha_option
@seed_option
@fail_on_option
@debug_option
def check(data, game_path, fmt, output, card, encoding, lang, alpha, seed, fail_on):
    """Check spins in DATA against the stated odds in GAME and print a verdict.

    DATA is a spins CSV (columns outcome, reported_at, reporter, ...) or, with the ingestion
    layer, Telegram exports, tallies and other tables; several files are merged.

    \b
    Example:
      fairness check datasets/spins/demo_cashback.csv \\
          --game datasets/games/cashback_wheel.toml --format markdown --lang ru
    """
    game = fairness.load_game(game_path)
    evidence = _read(data, game, encoding=encoding)
    answer = fairness.verdict(fairness.analyze(evidence, game, alpha=alpha, seed=seed))
    _emit(_render(answer, fmt, lang, evidence), output)
    if card is not None:
        from fairness.report import to_card

        to_card(answer, card, lang)
    if fail_on is not None and answer.severity >= LEVELS.index(fail_on):
        sys.exit(EXIT_FAIL_ON)


def _render(answer, fmt: str, lang: str, evidence=None) -> str:
    from fairness import report

    if fmt == "json":
        return report.to_json(answer, lang)
    if fmt == "markdown":
        return report.to_markdown(answer, lang)
    if fmt == "html":
        return report.to_html(answer, lang, evidence=evidence)
    return report.to_text(answer, lang)


def _read(paths, game, encoding: str | None = None):
    """Evidence from one or more files, read by :func:`fairness.ingest`."""
    from fairness.batch import load_evidence

    return load_evidence(paths, game, encoding=encoding)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError:
        raise FairnessError(Message("error.cannot_write"), source=str(output)) from None


# ---------------------------------------------------------------------------------------------
# extract

@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path),
              help="Stated odds: a game spec in TOML (its outcomes are what is recognised).")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write the cleaned spins CSV here instead of standard output.")
@click.option("--rejected", type=click.Path(path_type=Path),
              help="Also write the rejected input items (source, item, reason, excerpt) as CSV.")
@encoding_option
@lang_option
@debug_option
def extract(data, game_path, output, rejected, encoding, lang):
    """Turn DATA (exports, tables, tallies) into a clean spins CSV, and list what was rejected.

    Cells that a spreadsheet would run as a formula are neutralised with a leading quote.

    \b
    Example:
      fairness extract datasets/spins/demo_cashback.csv \\
          --game datasets/games/cashback_wheel.toml -o spins.csv --rejected rejected.csv
    """
    from fairness.report.csv import safe_csv, write_safe_csv

    game = fairness.load_game(game_path)
    evidence = _read(data, game, encoding=encoding)
    spins = evidence.spins.copy()
    spins["outcome"] = spins["outcome"].astype("object")
    if output is None:
        click.echo(safe_csv(spins), nl=False)
    else:
        write_safe_csv(spins, output)
    if rejected is not None:  # the reasons in the language of --lang
        from fairness.i18n.reasons import reason_text

        table = evidence.rejected.copy()
        table["reason"] = [reason_text(r, lang) for r in table["reason"]]
        write_safe_csv(table, rejected)
    s = evidence.summary
    click.echo(text("cli.extract_summary", lang, **{
        k: int(s.get(k, 0) or 0) for k in ("read", "used", "spins", "tally_spins", "rejected",
                                           "not_a_report")}), err=True)


# ---------------------------------------------------------------------------------------------
# batch

@main.command()
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write the summary CSV here (one row per campaign).")
@click.option("--json", "json_path", type=click.Path(path_type=Path),
              help="Write the summary as JSON here.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Processes to use [default: all cores].")
@lang_option
@alpha_option
@seed_option
@fail_on_option
@debug_option
def batch(manifest, output, json_path, workers, lang, alpha, seed, fail_on):
    """Check many campaigns at once and summarise them.

    MANIFEST is a CSV with the columns name, data, game (paths relative to the manifest;
    several data files separated by ';') or a folder of campaign subfolders, each with one
    *.toml game spec and its data files. A campaign that fails gets its error in the summary
    and the others still run. Fit p-values are corrected across campaigns (Benjamini-Hochberg).

    \b
    Example:
      fairness batch datasets/campaigns.csv -o summary.csv --json summary.json
    """
    import json

    from fairness.batch import find_campaigns, run_batch
    from fairness.report.csv import write_safe_csv

    campaigns = find_campaigns(manifest)
    with click.progressbar(length=len(campaigns), label=text("cli.batch.progress", lang),
                           file=sys.stderr, show_pos=True, show_eta=True) as bar:
        result = run_batch(campaigns, alpha=alpha, seed=seed, workers=workers,
                           progress=lambda _r: bar.update(1), name=str(manifest))
    frame = result.to_frame(lang)
    if output is not None:
        write_safe_csv(frame, output)
    if json_path is not None:
        summary = json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2)
        _emit(summary + "\n", json_path)
    click.echo(_batch_text(result, frame, lang))
    if fail_on is not None:
        worst = [LEVELS.index(c.level) for c in result.campaigns if c.ok]
        if worst and max(worst) >= LEVELS.index(fail_on):
            sys.exit(EXIT_FAIL_ON)


def _batch_text(result, frame, lang: str = "en") -> str:
    import pandas as pd

    from fairness import texts

    rows = [tuple(text(f"cli.batch.{c}", lang) for c in
                  ("campaign", "level", "spins", "evalue", "worst", "ratio", "p_bh"))]
    for r in frame.itertuples(index=False):
        if not pd.isna(r.error):
            rows.append((str(r.name), text("cli.batch.failed", lang), "", "", "", "", ""))
            continue
        rows.append((str(r.name), text(f"level.{r.level}", lang),
                     texts.fmt_int(r.n_spins, lang), texts.fmt_evalue(r.evalue, lang),
                     str(r.worst_outcome or "—"), texts.fmt_ratio(r.worst_ratio, lang),
                     texts.fmt_p(r.fit_p_bh, lang).lstrip("= ")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for r in frame.itertuples(index=False):
        if not pd.isna(r.error):
            lines.append(f"{r.name}: {r.error}")
    def named(level: str) -> str:
        words = text(f"level.{level}" if level != "error" else "cli.batch.failed", lang)
        return words[:1].lower() + words[1:]

    counts = ", ".join(f"{texts.fmt_int(n, lang)} {named(level)}"
                       for level, n in result.level_counts().items() if n)
    lines.append(text("cli.batch.total", lang, n=len(frame),
                      seconds=round(result.seconds, 1), counts=counts))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# plan

@main.command()
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path),
              help="Stated odds: a game spec in TOML.")
@click.option("--ratio", type=_Finite(min=0.001, max=1000), default=0.5,
              show_default=True,
              help="Deviation to detect: the prize comes this many times as often as allowed.")
@click.option("--power", type=_Finite(0, 1, min_open=True, max_open=True),
              default=0.8, show_default=True, help="Chance of detecting that deviation.")
@click.option("--target", help="Outcome to plan for [default: the rarest valuable prize].")
@click.option("--spins", "n_now", type=click.IntRange(min=0, max=10**12), default=0,
              help="Spins already collected (to say how many more are needed).")
@click.option("--never-seen", "never_seen", metavar="LABEL",
              help="A prize shown on the wheel that nobody has won: plan the spins without it "
                   "that bound its chance below --below (95%).")
@click.option("--below", metavar="CHANCE", default="1 in 1000", show_default=True,
              help="With --never-seen: the chance to bound it below (\"1 in 1000\", \"0.1%\").")
@lang_option
@alpha_option
@seed_option
@debug_option
def plan(game_path, ratio, power, target, n_now, never_seen, below, lang, alpha, seed):
    """How many spins are needed to catch a prize paying RATIO times its stated chance.

    The count is for the verdict's e-value to reach 1/alpha ("inconsistent") with probability
    POWER, found by simulation.

    \b
    Example:
      fairness plan --game datasets/games/cashback_wheel.toml --ratio 0.5 --power 0.8
    """
    from fairness import texts
    from fairness.analysis import plan_spins

    if ratio == 1:
        raise FairnessError(Message("error.ratio_one"), where="--ratio")
    game = fairness.load_game(game_path)
    if never_seen is not None:
        click.echo(_never_seen_plan(game, str(game_path), never_seen, below, n_now, lang))
        return
    if not game.has_odds or game.allowed().stated.size == 0 or not any(
            o.is_stated and 0 < o.upper and o.lower < 1 for o in game.outcomes):
        raise FairnessError(Message("error.plan_no_odds"), source=str(game_path))
    labels = game.allowed().labels
    if target is not None and target not in labels:
        raise FairnessError(Message("error.unknown_target", target=target,
                                    labels=", ".join(labels)),
                            source=str(game_path), where="--target")
    result = plan_spins(game, ratio=ratio, power=power, alpha=alpha, n_now=n_now, seed=seed,
                        target=target)
    params = {"target": result.target, "stated": texts.fmt_chance(result.stated, lang),
              "alternative": texts.fmt_chance(result.alternative, lang),
              "power": texts.fmt_percent(power, lang), "alpha": texts.fmt_number(alpha, lang),
              "required": texts.fmt_int(result.n_required, lang),
              "more": texts.fmt_int(result.more_needed, lang), "n": texts.fmt_int(n_now, lang),
              "max": texts.fmt_int(result.max_spins, lang)}
    lines = [f"{game.name}"]
    if result.n_required is None:
        lines.append(texts.text("cli.plan.unreachable", lang, **params))
    else:
        lines.append(texts.text("cli.plan.needed", lang, **params))
        if n_now:
            lines.append(texts.text("cli.plan.more", lang, **params))
    click.echo("\n".join(lines))


def _never_seen_plan(game, source: str, label: str, below: str, n_now: int, lang: str) -> str:
    """The ``plan --never-seen`` answer: spins without a hit that bound a prize's chance."""
    from fairness import texts
    from fairness.decision import fmt_bound
    from fairness.spec import chance_value
    from fairness.stats.outcomes import never_seen_bound, spins_for_never_seen
    from fairness.thresholds import DEFAULT

    if label not in game.labels:
        raise FairnessError(Message("error.unknown_target", target=label,
                                    labels=", ".join(game.labels)),
                            source=source, where="--never-seen")
    chance = chance_value(below, where="--below")
    level = DEFAULT.never_seen_level  # the bound the check's finding gives
    required = spins_for_never_seen(chance, level)
    params = {"target": label, "below": texts.fmt_chance(chance, lang),
              "required": texts.fmt_int(required, lang), "n": texts.fmt_int(n_now, lang),
              "bound": fmt_bound(never_seen_bound(n_now, level), lang),
              "more": texts.fmt_int(max(required - n_now, 0), lang)}
    lines = [game.name, texts.text("cli.plan.never_seen", lang, **params)]
    if n_now:
        key = "never_seen_now" if n_now < required else "never_seen_enough"
        lines.append(texts.text(f"cli.plan.{key}", lang, **params))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# datasets

@main.command()
@lang_option
@debug_option
def datasets(lang):
    """List the bundled datasets: game specs, campaigns and a Telegram export to try the tool on.

    \b
    Example:
      fairness datasets
    """
    from fairness.datasets import folder, list_datasets
    from fairness.i18n import has_text

    table = list_datasets()
    width = max(len(name) for name in table["name"])
    kinds = {kind: text(f"cli.datasets.kind.{kind}", lang) for kind in table["kind"].unique()}
    kind_width = max(len(k) for k in kinds.values())
    for row in table.itertuples(index=False):
        key = f"dataset.{row.name}"  # the bundled descriptions are in the catalogue
        about = text(key, lang) if has_text(key) else (row.description or row.truth)
        click.echo(f"{kinds[row.kind]:<{kind_width}} {row.name:<{width}}  {about}")
        click.echo(" " * (kind_width + 1) + str(row.path))
        if row.kind != "game":
            click.echo(" " * (kind_width + 1)
                       + text("cli.datasets.game", lang, path=str(row.game)))
    click.echo("\n" + text("cli.datasets.all", lang,
                           command=f"fairness batch {folder() / 'campaigns.csv'}"))


# ---------------------------------------------------------------------------------------------
# app

@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port of the app [default: Streamlit's, 8501].")
@click.option("--dry-run", is_flag=True, help="Print the command instead of running it.")
@lang_option
@debug_option
def app(port, dry_run, lang):
    """Start the web app (Streamlit) in the browser.

    \b
    Examples:
      fairness app
      fairness app --port 8502 --dry-run
    """
    from fairness.app import command

    line = command(port)
    if dry_run:
        click.echo(shlex.join(line))
        return
    try:
        import streamlit  # noqa: F401
    except ImportError:
        raise FairnessError(Message("error.no_streamlit")) from None
    if os.name == "posix":
        # The command becomes the server (as a shell's exec does): a signal that stops
        # `fairness app` (Ctrl+C, kill, a service manager) reaches the server itself.
        os.execv(line[0], line)
    sys.exit(subprocess.call(line))


# ---------------------------------------------------------------------------------------------
# campaign: a stored, growing collection (the logic lives in fairness.campaign)

store_argument = click.argument("store")
name_argument = click.argument("name")


@main.group(cls=_Group)
def campaign():
    """Stored campaigns that grow batch by batch: add exports, check, watch the history.

    STORE is a file path (an SQLite file, made when missing) or a database URL
    (postgresql://user:pass@host/db).

    \b
    Example:
      fairness campaign new campaigns.sqlite wheel --game datasets/games/cashback_wheel.toml
    """


def _campaign(store: str, name: str):
    from fairness.campaign import Campaign

    return Campaign.open(store, name)


@campaign.command("new")
@store_argument
@name_argument
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path),
              help="Stated odds: a game spec in TOML.")
@lang_option
@debug_option
def campaign_new(store, name, game_path, lang):
    """Make the campaign NAME in STORE under the rules in GAME.

    \b
    Example:
      fairness campaign new campaigns.sqlite wheel --game datasets/games/cashback_wheel.toml
    """
    from fairness.campaign import Campaign

    made = Campaign.create(store, name, fairness.load_game(game_path))
    click.echo(text("cli.campaign.made", lang, name=made.name, store=made.store.name))


@campaign.command("add")
@store_argument
@name_argument
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--by", "added_by", help="Who adds it (stored only as a pseudonym).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format of the batch's accounting.")
@lang_option
@debug_option
def campaign_add(store, name, data, added_by, fmt, lang):
    """Add DATA (anything `fairness check` reads) to the campaign as one batch, in one
    transaction; spins already stored are not stored again. Prints the batch's accounting.

    \b
    Example:
      fairness campaign add campaigns.sqlite wheel datasets/telegram/json/result.json
    """
    import json

    batch = _campaign(store, name).add(list(data), added_by=added_by)
    if fmt == "json":
        click.echo(json.dumps(batch.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(batch.text(lang))


@campaign.command("check")
@store_argument
@name_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(path_type=Path),
              help="Write the report here instead of standard output.")
@click.option("--card", type=click.Path(path_type=Path),
              help="Also draw the verdict card (PNG, 1280x720) to post in a channel.")
@click.option("--no-record", is_flag=True, help="Do not add this check to the history.")
@lang_option
@alpha_option
@seed_option
@fail_on_option
@debug_option
def campaign_check(store, name, fmt, output, card, no_record, lang, alpha, seed, fail_on):
    """The verdict on everything the campaign keeps (exclusions left out), what changed since
    the last check, and what was excluded. The check is added to the history.

    \b
    Example:
      fairness campaign check campaigns.sqlite wheel --fail-on inconsistent
    """
    import json

    result = _campaign(store, name).check(alpha=alpha, seed=seed, record=not no_record)
    if fmt == "json":
        text = json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2) + "\n"
    else:
        text = _render(result.verdict, fmt, lang, result.evidence)
        if fmt == "text":
            text = (text.rstrip("\n") + "\n\n" + result.change(lang) + "\n"
                    + result.excluded_text(lang) + "\n")
    _emit(text, output)
    if card is not None:
        from fairness.report import to_card

        to_card(result.verdict, card, lang)
    if fail_on is not None and result.verdict.severity >= LEVELS.index(fail_on):
        sys.exit(EXIT_FAIL_ON)


@campaign.command("history")
@store_argument
@name_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--batches", is_flag=True,
              help="Also show the e-value after each batch (the data kept now).")
@lang_option
@debug_option
def campaign_history(store, name, fmt, batches, lang):
    """One row per check: time, spins, level, e-value (drawn against the 1/alpha line), fit p.

    \b
    Example:
      fairness campaign history campaigns.sqlite wheel --batches
    """
    import json

    from fairness.campaign.monitor import history_text, path_text

    found = _campaign(store, name)
    history = found.history()
    path = found.evalue_path() if batches else None
    if fmt == "json":
        rows = json.loads(history.to_json(orient="records", date_format="iso"))
        for row in rows:
            row["excluded"] = json.loads(row["excluded"])
        out = {"campaign": found.name, "checks": rows}
        if path is not None:
            out["batches"] = json.loads(path.to_json(orient="records", date_format="iso"))
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(history_text(history, found.name, lang))
    if path is not None and len(path):
        alpha = float(history["alpha"].iloc[-1]) if len(history) else 0.01
        click.echo("\n" + path_text(path, lang, alpha=alpha))


@campaign.command("list")
@store_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@lang_option
@debug_option
def campaign_list(store, fmt, lang):
    """The campaigns in STORE: batches, spins, the last check's level and e-value.

    \b
    Example:
      fairness campaign list campaigns.sqlite
    """
    from fairness import texts
    from fairness.campaign import list_campaigns

    frame = list_campaigns(store)
    if fmt == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        return
    if frame.empty:
        click.echo(text("cli.campaign.none", lang))
        return
    rows = [tuple(text(f"cli.campaign.{c}", lang) for c in
                  ("campaign", "batches", "spins", "last_check", "level", "evalue"))]
    for r in frame.itertuples(index=False):
        rows.append((r.name, texts.fmt_int(r.batches, lang), texts.fmt_int(r.spins, lang),
                     "—" if r.last_check is None else i18n.fmt_datetime(r.last_check, lang),
                     "—" if r.level is None else text(f"level.{r.level}", lang),
                     "—" if r.level is None else texts.fmt_evalue(r.evalue, lang)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _moderation(command_name: str, verb: str):
    @campaign.command(command_name)
    @store_argument
    @name_argument
    @click.option("--batch", type=click.IntRange(min=1), help="The batch's number.")
    @click.option("--reporter", help="The reporter's pseudonym (r-...).")
    @click.option("--reason", required=True, help="Why (kept with the moderation log).")
    @lang_option
    @debug_option
    def moderate(store, name, batch, reporter, reason, lang):
        found = _campaign(store, name)
        getattr(found, command_name)(batch=batch, reporter=reporter, reason=reason)
        target = (Message("campaign.target.batch", target=str(batch)) if batch is not None
                  else Message("campaign.target.reporter", target=reporter))
        click.echo(text(f"cli.campaign.{verb}", lang, target=target, name=found.name))

    moderate.__doc__ = {
        "exclude": """Leave a batch or a reporter out of every check (kept and flagged, with
    the reason).

    \b
    Example:
      fairness campaign exclude campaigns.sqlite wheel --batch 1 --reason "posted twice"
    """,
        "restore": """Count an excluded batch or reporter again (the exclusion stays in the
    log).

    \b
    Example:
      fairness campaign restore campaigns.sqlite wheel --batch 1 --reason "checked: genuine"
    """}[command_name]
    moderate.help = moderate.__doc__
    return moderate


campaign_exclude = _moderation("exclude", "excluded")
campaign_restore = _moderation("restore", "restored")


@campaign.command("rules")
@store_argument
@name_argument
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path),
              help="The new stated odds: a game spec in TOML.")
@click.option("--from", "valid_from", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="When the new rules start [default: the spec's valid_from, else now].")
@lang_option
@debug_option
def campaign_rules(store, name, game_path, valid_from, lang):
    """The operator changed the rules: checks from now on use GAME, on the spins of its period
    (spins with a time go by their time, others by when they were added).

    \b
    Example:
      fairness campaign rules campaigns.sqlite wheel --game datasets/games/cashback_wheel.toml \\
          --from 2027-01-01
    """
    found = _campaign(store, name)
    version = found.update_rules(fairness.load_game(game_path), valid_from=valid_from)
    click.echo(text("cli.campaign.rules", lang, name=found.name, version=str(version)))


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="fairness")
