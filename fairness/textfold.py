"""One rule for labels that only look the same.

People type outcome labels on phones and in spreadsheets, where a Latin "A" and a Cyrillic "А",
a zero-width space or a full-width "１％" are invisible differences. :func:`fold` is the key two
labels are compared by; labels with the same key are one outcome (a spec that names two is
refused, a cell is matched to the one label):

1. Unicode NFKC (full-width and compatibility forms: "１％" -> "1%"), then case folding;
2. format characters removed (Unicode category Cf: zero-width space and joiners, the byte-order
   mark, the soft hyphen, direction marks);
3. Latin letters that are drawn like Cyrillic ones become the Cyrillic letter (a c e o p x y k m
   t b h and i j s: "A" -> "а", "o" -> "о"), so a word typed in either script gives one key.
   The key is only for comparing; labels are shown as written.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "fold_letters", "fold_width"]

# Latin letters (after case folding) and the Cyrillic letters drawn the same
_LOOKALIKE = str.maketrans({
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к", "m": "м",
    "t": "т", "b": "в", "h": "н", "i": "і", "j": "ј", "s": "ѕ",
})


def fold_width(text: object) -> str:
    """Steps 1 and 2: NFKC, case folding, format characters removed."""
    key = unicodedata.normalize("NFKC", str(text)).casefold()
    if not key.isascii():
        key = "".join(c for c in key if unicodedata.category(c) != "Cf")
    return key


def fold_letters(key: str) -> str:
    """Step 3: Latin look-alike letters as Cyrillic (last, after words such as units were
    read in their own script)."""
    return key.translate(_LOOKALIKE)


def fold(text: object) -> str:
    """The comparison key of ``text`` (see the module docstring)."""
    return fold_letters(fold_width(text))
