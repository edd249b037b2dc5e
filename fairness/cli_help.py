"""The command line's help in the reader's language: click classes whose help reads the catalogue.

Every word of ``fairness ... --help`` — the texts of the commands and options, the headings
click prints ("Usage:", "Options", "Commands"), the names of values (``PATH``, ``DATA``) and the
notes after an option (``[default: …; required]``) — is an entry of the catalogue
(``fairness/i18n/catalogue/cli.py``; how its keys follow the command tree is said there), and
numbers in the notes are written the way the language writes them (``0,01`` in Russian).

The language of the help is the language of the output, chosen by the same rule:

1. ``--lang en|ru`` anywhere on the command line (``fairness check --lang ru --help``,
   ``fairness --lang ru check --help``; the last one given wins). The help is printed while the
   command line is read, possibly before ``--lang`` is, so it is found in the arguments first;
2. else the environment variable ``FAIRNESS_LANG`` (``en`` or ``ru``), for people who always
   want Russian;
3. else English.

The locale (``LANG``, ``LC_ALL``) does not count: the same command must give the same report
and the same CSV columns on every machine (reports are posted and compared, batch summaries are
read by scripts, servers and CI often run a locale nobody chose), so the language is only ever
what the user asked for.

The classes plug into click's documented extension points (``cls=`` of a command, a group's
``command_class``, :meth:`click.Command.format_help` and :meth:`click.Command.parse_args`);
nothing of click is patched and nothing is set for the process. A mistyped command line
(a missing option, an unknown one, a value out of range) is told in the same language:
:func:`usage_error` turns click's exception into one whose words come from the catalogue
(English keeps click's own words).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import click
from click.formatting import join_options

from fairness.i18n import LANGS, fmt_int, fmt_number, has_text, text

__all__ = ["LANG_ENV", "HelpCommand", "HelpGroup", "HelpPage", "UsageErrorInLanguage", "env_lang",
           "help_lang", "help_page", "usage_error"]

LANG_ENV = "FAIRNESS_LANG"
_META_LANG = "fairness.help_lang"  # ctx.meta is shared by a context and its children


def env_lang() -> str | None:
    """The language ``FAIRNESS_LANG`` asks for, or None when it is unset or not one we have."""
    value = os.environ.get(LANG_ENV, "").strip().lower()
    return value if value in LANGS else None


def _lang_in(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` / ``--lang=X`` in ``args`` (before ``--``)."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg[len("--lang="):]
        else:
            continue
        if value.lower() in LANGS:
            found = value.lower()
    return found


def help_lang(ctx: click.Context) -> str:
    """The language of the help: ``--lang`` on the command line, else ``FAIRNESS_LANG``, else
    English (see the module's docstring)."""
    return ctx.meta.get(_META_LANG) or env_lang() or "en"


@dataclass
class _Words:
    """The catalogue in one language, remembering which keys a page used and which it missed."""

    lang: str
    used: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def find(self, *keys: str, **params) -> str | None:
        """The first of ``keys`` that the catalogue holds, filled in; None if it holds none."""
        for key in keys:
            if has_text(key):
                self.used.append(key)
                return text(key, self.lang, **params)
        self.missing.append(" | ".join(keys))
        return None

    def __call__(self, key: str, **params) -> str:
        return self.find(key, **params) or ""


@dataclass(frozen=True)
class HelpPage:
    """One command's help in one language: the ``text`` as ``--help`` prints it, the catalogue
    ``keys`` it used and the texts it found ``missing`` (each as the keys it looked for)."""

    text: str
    lang: str
    keys: tuple[str, ...]
    missing: tuple[str, ...]


def help_page(ctx: click.Context, lang: str | None = None) -> HelpPage:
    """The help of ``ctx.command`` in ``lang`` (default: :func:`help_lang`)."""
    words = _Words(lang or help_lang(ctx))
    formatter = ctx.make_formatter()
    _write_help(ctx, formatter, words)
    return HelpPage(formatter.getvalue().rstrip("\n"), words.lang, tuple(words.used),
                    tuple(words.missing))


def _path(ctx: click.Context) -> list[str]:
    """The command names from below the root down to ``ctx`` (empty for the root)."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.command.name)
        ctx = ctx.parent
    return names[::-1]


def _command_key(ctx: click.Context) -> str:
    path = _path(ctx)
    if path:
        return ".".join(path)
    return "fairness" if isinstance(ctx.command, click.Group) else str(ctx.command.name)


def _param_key(param: click.Parameter) -> str:
    """An option by its long name (``--fail-on`` -> ``fail_on``), an argument by its name."""
    if isinstance(param, click.Option):
        longs = [o for o in param.opts if o.startswith("--")] or param.opts
        return longs[0].lstrip("-").replace("-", "_")
    return str(param.name)


def _write_help(ctx: click.Context, formatter: click.HelpFormatter, words: _Words) -> None:
    """Usage, text, examples, options and (for a group) commands, as click lays them out."""
    command, key = ctx.command, _command_key(ctx)
    _write_usage(ctx, formatter, words)
    about = words.find(f"cli.help.{key}") or command.help
    if about:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(about)
    examples = getattr(command, "examples", ())
    if examples:
        lines = [f"  {line}" for example in examples
                 for line in _example(example, words).splitlines()]
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text("\b\n" + "\n".join(
                [words("cli.heading.examples" if len(examples) > 1 else "cli.heading.example"),
                 *lines]))
    rows = [_option_row(ctx, key, p, words) for p in command.get_params(ctx)
            if isinstance(p, click.Option) and not p.hidden]
    if rows:
        with formatter.section(words("cli.heading.options")):
            formatter.write_dl(rows)
    if isinstance(command, click.Group):
        names = [n for n in command.list_commands(ctx)
                 if (sub := command.get_command(ctx, n)) is not None and not sub.hidden]
        prefix = "" if ctx.parent is None else f"{key}."
        if names:
            with formatter.section(words("cli.heading.commands")):
                formatter.write_dl([(n, words.find(f"cli.short.{prefix}{n}") or
                                     command.get_command(ctx, n).get_short_help_str())
                                    for n in names])


def _write_usage(ctx: click.Context, formatter: click.HelpFormatter, words: _Words) -> None:
    pieces = [words("cli.metavar.options")]
    pieces += [_argument_metavar(p, words) for p in ctx.command.get_params(ctx)
               if isinstance(p, click.Argument)]
    if isinstance(ctx.command, click.Group):
        pieces.append(words("cli.metavar.command"))
    formatter.write_usage(ctx.command_path, " ".join(pieces),
                          prefix=words("cli.heading.usage") + " ")


def _example(example: str, words: _Words) -> str:
    """A command line with its ``{word}`` fields (free text such as a reason) in the language."""
    return re.sub(r"\{(\w+)\}", lambda m: words(f"cli.example.{m.group(1)}"), example)


def _argument_metavar(param: click.Argument, words: _Words) -> str:
    name = words.find(f"cli.metavar.{_param_key(param)}") or str(param.name).upper()
    if not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def _option_row(ctx: click.Context, command: str, param: click.Option,
                words: _Words) -> tuple[str, str]:
    """(``-g, --game PATH``, the help and its notes) for one option."""
    name = _param_key(param)
    spec = join_options(param.opts)[0]
    if not param.is_flag and not param.count:
        # the option's own name for its value first (a date's format in words, not click's
        # "[%Y-%m-%d]"), then click's (the choices), then the type's
        own = f"cli.metavar.{name}"
        choices = None if has_text(own) else param.type.get_metavar(param=param, ctx=ctx)
        spec += " " + (choices or words.find(
            own, f"cli.metavar.type.{param.type.name.replace(' ', '_')}")
            or param.make_metavar(ctx))
    about = words.find(f"cli.option.{command}.{name}", f"cli.option.{name}") or param.help or ""
    notes = []
    default = _default(ctx, command, name, param, words)
    if default:
        notes.append(words("cli.extra.default", value=default))
    if isinstance(param.type, (click.IntRange, click.FloatRange)):
        notes.append(_range(param.type, words))
    if param.required:
        notes.append(words("cli.extra.required"))
    notes = [n for n in notes if n]
    if notes:
        about = f"{about}  [{'; '.join(notes)}]" if about else f"[{'; '.join(notes)}]"
    return spec, about


def _default(ctx, command: str, name: str, param: click.Option, words: _Words) -> str | None:
    """A default in words when the catalogue has one, else the value for ``show_default``."""
    for key in (f"cli.default.{command}.{name}", f"cli.default.{name}"):
        if has_text(key):
            return words(key)
    if not (param.show_default or ctx.show_default) or param.is_flag:
        return None
    value = param.get_default(ctx, call=False)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None  # unset, a callable, or nothing to say
    return _number(value, words.lang) if isinstance(value, (int, float)) else value


def _number(value: float, lang: str) -> str:
    return fmt_int(value, lang) if isinstance(value, int) else fmt_number(value, lang)


def _range(numbers: click.IntRange | click.FloatRange, words: _Words) -> str:
    """The allowed values as click writes them ("0<x<1", "x>=1"), in the language's numbers."""
    low = None if numbers.min is None else _number(numbers.min, words.lang)
    high = None if numbers.max is None else _number(numbers.max, words.lang)
    below = "<" if numbers.min_open else words("cli.extra.at_most")
    above = "<" if numbers.max_open else words("cli.extra.at_most")
    if low is not None and high is not None:
        return f"{low}{below}x{above}{high}"
    if low is not None:
        return f"x{'>' if numbers.min_open else words('cli.extra.at_least')}{low}"
    return f"x{above}{high}" if high is not None else ""


class UsageErrorInLanguage(click.UsageError):
    """A mistyped command line, told in the help's language: the usage line, where the help is
    and the error, as click's :class:`click.UsageError` shows them."""

    def __init__(self, message: str, ctx: click.Context, lang: str):
        super().__init__(message, ctx)
        self.lang = lang

    def show(self, file=None) -> None:
        words, ctx = _Words(self.lang), self.ctx
        formatter = ctx.make_formatter()
        _write_usage(ctx, formatter, words)
        help_names = ctx.command.get_help_option_names(ctx)
        if help_names and ctx.command.add_help_option:
            formatter.write(words("cli.error.try_help",
                                  command=f"{ctx.command_path} {max(help_names, key=len)}") + "\n")
        click.echo(formatter.getvalue(), file=file, err=file is None, color=ctx.color)
        click.echo(words("cli.error.usage", message=self.message), file=file, err=file is None,
                   color=ctx.color)


def usage_error(error: click.UsageError, ctx: click.Context) -> click.UsageError:
    """``error`` in the language of the help: click's own words in English, the catalogue's
    otherwise. An error not known here stays as click shows it (as does the help click prints
    for a group called with nothing, itself in the help's language)."""
    lang = help_lang(ctx)
    if lang == "en" or isinstance(error, UsageErrorInLanguage):
        return error
    ctx = error.ctx or ctx
    message = _usage_message(error, ctx, _Words(lang))
    return error if message is None else UsageErrorInLanguage(message, ctx, lang)


def _usage_message(error: click.UsageError, ctx: click.Context, words: _Words) -> str | None:
    param = getattr(error, "param", None)
    if isinstance(error, click.MissingParameter) and param is not None:
        if isinstance(param, click.Argument):
            return words("cli.error.missing_argument",
                         argument=_quoted([_argument_metavar(param, words)]))
        return words("cli.error.missing_option", option=_quoted(param.opts))
    if isinstance(error, click.BadParameter) and param is not None:
        what = _quoted([_argument_metavar(param, words)] if isinstance(param, click.Argument)
                       else param.opts)
        return words("cli.error.bad_value", param=what, detail=_allowed(param, words)
                     or error.message)
    if isinstance(error, (click.NoSuchOption, click.NoSuchCommand)):
        if isinstance(error, click.NoSuchOption):
            message = words("cli.error.no_such_option", option=_quoted([error.option_name]))
        else:
            message = words("cli.error.no_such_command", found=error.command_name)
        if error.possibilities:
            message += " " + words("cli.error.did_you_mean", options=words(
                "cli.error.or").join(f"«{name}»" for name in sorted(error.possibilities)))
        return message
    if isinstance(error, click.BadOptionUsage):
        known = [p for p in ctx.command.get_params(ctx) if error.option_name in p.opts]
        flag = bool(known) and getattr(known[0], "is_flag", False)
        return words("cli.error.takes_no_value" if flag else "cli.error.needs_value",
                     option=_quoted([error.option_name]))
    for pattern, key in ((r"Got unexpected extra arguments? \((.*)\)", "cli.error.extra"),
                         (r"Missing command", "cli.error.missing_command")):
        found = re.match(pattern, error.message)
        if found:
            return words(key, found=found.group(1) if found.re.groups else "")
    return None


def _quoted(names: Sequence[str]) -> str:
    return " / ".join(f"«{name}»" for name in names)


def _allowed(param: click.Parameter, words: _Words) -> str | None:
    """What ``param`` takes, in words (None when its type says nothing particular)."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return words("cli.error.one_of", choices=", ".join(map(str, kind.choices)))
    if isinstance(kind, (click.IntRange, click.FloatRange)):
        key = "cli.error.integer" if isinstance(kind, click.IntRange) else "cli.error.number"
        return words(key, range=_range(kind, words))
    if isinstance(kind, click.DateTime):
        day = datetime.datetime(2027, 1, 31)  # each format shown by an example date
        return words("cli.error.date", formats=", ".join(day.strftime(f) for f in kind.formats))
    return None


class _InLanguage:
    """What a command and a group share: note ``--lang`` early, write the help from words."""

    def __init__(self, *args, examples: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.examples = tuple(examples)  # command lines: the same in every language

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = _lang_in(args)
        if lang is not None:
            ctx.meta[_META_LANG] = lang
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise usage_error(error, ctx) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as error:  # a group's "no such command", "missing command"
            raise usage_error(error, ctx) from None

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _write_help(ctx, formatter, _Words(help_lang(ctx)))


class HelpCommand(_InLanguage, click.Command):
    """A command whose ``--help`` is written from the catalogue in the reader's language.

    ``examples``: command lines shown under "Example:" (the same in every language).
    """


class HelpGroup(_InLanguage, click.Group):
    """A group whose ``--help`` (and its commands') is written from the catalogue."""

    command_class = HelpCommand
    group_class = type  # subgroups are of the same class as their parent
