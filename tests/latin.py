"""Finding English left in Russian output: a helper shared by the CLI and app tests.

A "Latin sentence" is three or more Latin-script words in a row, one of them in lower case
(``what was read``; a list of names such as "CSV, Excel, Parquet" is not one). Single Latin
words are allowed (product and format names: Telegram, JSON, CSV, E, p), and so are the
things a user typed or a file holds: outcome labels, file names and paths, option names
(``--game``), URLs, pseudonyms, and anything passed in ``allow``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PATH = re.compile(r"(?:[\w.~-]*/[\w./~:-]+|[\w-]+\.(?:csv|tsv|toml|json|html|zip|txt|png|md|"
                   r"sqlite|xlsx|parquet)\b|https?://\S+|--[\w-]+|\br-[0-9a-f]{8,}\b|"
                   r"`[^`]*`|\w+=\S+|\[\[\w+\]\])")
_SENTENCE = re.compile(r"\b[A-Za-z][A-Za-z']+(?:[\s,;:()'’\"-]+[A-Za-z][A-Za-z']+){2,}\b")


def latin_sentences(text: str, allow: Iterable[str] = ()) -> list[str]:
    """The runs of three or more Latin words in ``text`` once ``allow`` (labels, names) and
    paths, file names and options are taken out."""
    for item in sorted({a for a in allow if a}, key=len, reverse=True):
        text = text.replace(item, " ")
    text = _PATH.sub(" ", text)
    # a list of names ("CSV, Excel, Parquet") is not a sentence: English prose always has a
    # word in lower case (the, is, of, ...)
    return [run for run in _SENTENCE.findall(text)
            if any(word.islower() for word in re.findall(r"[A-Za-z']+", run))]
