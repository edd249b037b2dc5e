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
from fairness.cli_help import HelpGroup, help_lang
from fairness.errors import FairnessError, Message
from fairness.i18n import text
from fairness.texts import LEVELS

EXIT_USER_ERROR = 2
EXIT_FAIL_ON = 3
EXIT_INTERNAL = 1
FORMATS = ("text", "json", "markdown", "html")


class _Group(HelpGroup):
    """Turns the library's user errors into one line and exit code 2; its help and its
    commands' help are in the reader's language (:mod:`fairness.cli_help`)."""

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
    return (ctx.find_root().obj or {}).get("lang") or help_lang(ctx)


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
                            callback=_set_debug)


def _set_lang(ctx, _param, value):
    # Given, or else the group's (`fairness --lang ru check`), else $FAIRNESS_LANG, else
    # English: the rule the help follows too (fairness.cli_help). Kept on the root context,
    # so a user error is reported in the output's language.
    root = ctx.find_root()
    root.ensure_object(dict)
    root.obj["lang"] = value or root.obj.get("lang") or help_lang(ctx)
    return root.obj["lang"]


lang_option = click.option("--lang", type=click.Choice(["en", "ru"], case_sensitive=False),
                           default=None, is_eager=True, callback=_set_lang)
group_lang_option = click.option("--lang", type=click.Choice(["en", "ru"], case_sensitive=False),
                                 default=None, is_eager=True, expose_value=False,
                                 callback=_set_lang)


class _Finite(click.FloatRange):
    """A float range that also refuses nan (which every comparison lets through)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


alpha_option = click.option("--alpha", type=_Finite(0, 1, min_open=True, max_open=True),
                            default=0.01, show_default=True)
def _check_encoding(ctx, _param, value):
    if value is None:
        return None
    import codecs

    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(text("cli.error.encoding", help_lang(ctx), value=value)) from None
    return value


encoding_option = click.option("--encoding", default=None,
                               callback=_check_encoding)
seed_option = click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
fail_on_option = click.option("--fail-on", type=click.Choice(LEVELS), default=None)


def _show_version(ctx: click.Context, asked: bool) -> None:
    # (fairness.__version__ is read only when asked: importlib.metadata is slow to import)
    if asked and not ctx.resilient_parsing:
        click.echo(text("cli.version", help_lang(ctx), version=fairness.__version__))
        ctx.exit()


# The help of every command is in the catalogue (cli.help.*, cli.option.*: fairness/i18n/
# catalogue/cli.py) in English and Russian; the examples are command lines, the same in both.
@click.group(cls=_Group, name="fairness", context_settings={"help_option_names": ["-h", "--help"]},
             examples=["fairness check datasets/spins/demo_cashback.csv "
                       "--game datasets/games/cashback_wheel.toml"])
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _param, asked: _show_version(ctx, asked))
@click.option("--debug", is_flag=True)
@group_lang_option
@click.pass_context
def main(ctx, debug):
    ctx.ensure_object(dict)
    ctx.obj["debug"] = ctx.obj.get("debug", False) or debug


# ---------------------------------------------------------------------------------------------
# check

@main.command(examples=["fairness check datasets/spins/demo_cashback.csv \\\n"
                        "    --game datasets/games/cashback_wheel.toml --format markdown "
                        "--lang ru"])
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path))
@click.option("--card", type=click.Path(path_type=Path))
@encoding_option
@lang_option
@alpha_option
@seed_option
@fail_on_option
@debug_option
def check(data, game_path, fmt, output, card, encoding, lang, alpha, seed, fail_on):
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

@main.command(examples=["fairness extract datasets/spins/demo_cashback.csv \\\n"
                        "    --game datasets/games/cashback_wheel.toml -o spins.csv "
                        "--rejected rejected.csv"])
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path))
@click.option("--rejected", type=click.Path(path_type=Path))
@encoding_option
@lang_option
@debug_option
def extract(data, game_path, output, rejected, encoding, lang):
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

@main.command(examples=["fairness batch datasets/campaigns.csv -o summary.csv "
                        "--json summary.json"])
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path))
@click.option("--json", "json_path", type=click.Path(path_type=Path))
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None)
@lang_option
@alpha_option
@seed_option
@fail_on_option
@debug_option
def batch(manifest, output, json_path, workers, lang, alpha, seed, fail_on):
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

@main.command(examples=["fairness plan --game datasets/games/cashback_wheel.toml --ratio 0.5 "
                        "--power 0.8"])
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path))
@click.option("--ratio", type=_Finite(min=0.001, max=1000), default=0.5,
              show_default=True)
@click.option("--power", type=_Finite(0, 1, min_open=True, max_open=True),
              default=0.8, show_default=True)
@click.option("--target")
@click.option("--spins", "n_now", type=click.IntRange(min=0, max=10**12), default=0)
@click.option("--never-seen", "never_seen")
@click.option("--below", default="1 in 1000")
@lang_option
@alpha_option
@seed_option
@debug_option
def plan(game_path, ratio, power, target, n_now, never_seen, below, lang, alpha, seed):
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

@main.command(examples=["fairness datasets"])
@lang_option
@debug_option
def datasets(lang):
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

@main.command(examples=["fairness app", "fairness app --port 8502 --dry-run"])
@click.option("--port", type=click.IntRange(1, 65535), default=None)
@click.option("--dry-run", is_flag=True)
@lang_option
@debug_option
def app(port, dry_run, lang):
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


@main.group(cls=_Group, examples=["fairness campaign new campaigns.sqlite {wheel} "
                                  "--game datasets/games/cashback_wheel.toml"])
@group_lang_option
def campaign():
    pass  # a group of the commands below (its help: cli.help.campaign in the catalogue)


def _campaign(store: str, name: str):
    from fairness.campaign import Campaign

    return Campaign.open(store, name)


@campaign.command("new", examples=["fairness campaign new campaigns.sqlite {wheel} "
                                   "--game datasets/games/cashback_wheel.toml"])
@store_argument
@name_argument
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path))
@lang_option
@debug_option
def campaign_new(store, name, game_path, lang):
    from fairness.campaign import Campaign

    made = Campaign.create(store, name, fairness.load_game(game_path))
    click.echo(text("cli.campaign.made", lang, name=made.name, store=made.store.name))


@campaign.command("add", examples=["fairness campaign add campaigns.sqlite {wheel} "
                                   "datasets/telegram/json/result.json"])
@store_argument
@name_argument
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--by", "added_by")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@lang_option
@debug_option
def campaign_add(store, name, data, added_by, fmt, lang):
    import json

    batch = _campaign(store, name).add(list(data), added_by=added_by)
    if fmt == "json":
        click.echo(json.dumps(batch.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(batch.text(lang))


@campaign.command("check", examples=["fairness campaign check campaigns.sqlite {wheel} "
                                     "--fail-on inconsistent"])
@store_argument
@name_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path))
@click.option("--card", type=click.Path(path_type=Path))
@click.option("--no-record", is_flag=True)
@lang_option
@alpha_option
@seed_option
@fail_on_option
@debug_option
def campaign_check(store, name, fmt, output, card, no_record, lang, alpha, seed, fail_on):
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


@campaign.command("history", examples=[
    "fairness campaign history campaigns.sqlite {wheel} --batches"])
@store_argument
@name_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--batches", is_flag=True)
@lang_option
@debug_option
def campaign_history(store, name, fmt, batches, lang):
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


@campaign.command("list", examples=["fairness campaign list campaigns.sqlite"])
@store_argument
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@lang_option
@debug_option
def campaign_list(store, fmt, lang):
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


def _moderation(command_name: str, verb: str, example: str):
    @campaign.command(command_name, examples=[
        f"fairness campaign {command_name} campaigns.sqlite {{wheel}} --batch 1 "
        f"--reason {example}"])
    @store_argument
    @name_argument
    @click.option("--batch", type=click.IntRange(min=1))
    @click.option("--reporter")
    @click.option("--reason", required=True)
    @lang_option
    @debug_option
    def moderate(store, name, batch, reporter, reason, lang):
        found = _campaign(store, name)
        getattr(found, command_name)(batch=batch, reporter=reporter, reason=reason)
        target = (Message("campaign.target.batch", target=str(batch)) if batch is not None
                  else Message("campaign.target.reporter", target=reporter))
        click.echo(text(f"cli.campaign.{verb}", lang, target=target, name=found.name))

    return moderate


campaign_exclude = _moderation("exclude", "excluded", '"{posted_twice}"')
campaign_restore = _moderation("restore", "restored", '"{checked}"')


@campaign.command("rules", examples=["fairness campaign rules campaigns.sqlite {wheel} "
                                     "--game datasets/games/cashback_wheel.toml \\\n"
                                     "    --from 2027-01-01"])
@store_argument
@name_argument
@click.option("--game", "-g", "game_path", required=True, type=click.Path(path_type=Path))
@click.option("--from", "valid_from", type=click.DateTime(["%Y-%m-%d"]), default=None)
@lang_option
@debug_option
def campaign_rules(store, name, game_path, valid_from, lang):
    found = _campaign(store, name)
    version = found.update_rules(fairness.load_game(game_path), valid_from=valid_from)
    click.echo(text("cli.campaign.rules", lang, name=found.name, version=str(version)))


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="fairness")
