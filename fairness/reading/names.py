"""Person names in free text: masked in the excerpts a chat export leaves (rejected messages).

Exact display names are masked word by word already (:func:`fairness.reading._collect.
mask_names`); people write names in other forms, so three more rules run on the excerpts:

1. **Forms of a sender's name** — every word of every name seen (senders, forwarded authors,
   actors, ``author`` signatures) is reduced to its lemmas with the pymorphy3 morphological
   analyser (OpenCorpora dictionary), and so is every Cyrillic word of an excerpt: «Зинаиды
   Канарейкиной» and «Зине» are masked for the sender «Зинаида Канарейкина».
2. **Names of anyone** — a capitalised Cyrillic word that pymorphy3 reads as a first name,
   surname or patronymic (grammemes ``Name``, ``Surn``, ``Patr``) with a probability of at least
   0.3 (diminutives such as «Зиночка» are dictionary names), and every span the natasha NER
   model (Slovnet, shipped inside the ``navec``/``slovnet`` wheels: no download) tags ``PER``.
3. **Latin spellings** — each sender's name transliterated (the common Russian-to-Latin table,
   as passports and nicknames write it, with its usual variants) is masked as whole words:
   «Zinaida Kanareykina», «Zina».

Cost (measured, ``benchmarks/bench_hostile.py`` notes): loading natasha takes 2-8 s and tagging
about 2-9 ms per excerpt in batches, pymorphy3 some 50-200 µs per distinct word; so the rules
run only on excerpts that are kept (rejected messages of chat exports), never on every message
or on plain tables, and NER only on the first :data:`NER_EXCERPTS` of them.

Not covered: lower-case diminutives not in the dictionary, nicknames, names inside words
(«Зинкин»), names in other alphabets than Cyrillic and Latin, and, beyond the first
:data:`NER_EXCERPTS` excerpts, names the dictionary does not know.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

__all__ = ["NER_EXCERPTS", "mask_person_names", "transliterations"]

#: Excerpts tagged by the NER model (the rest by the dictionary rules only): bounds the cost.
NER_EXCERPTS = 2_000

_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_PERSON = {"Name", "Surn", "Patr"}
_MASK = "[name]"

_LATIN = {
    "а": ("a",), "б": ("b",), "в": ("v", "w"), "г": ("g",), "д": ("d",), "е": ("e", "ye"),
    "ё": ("e", "yo", "jo"), "ж": ("zh", "j"), "з": ("z",), "и": ("i",), "й": ("y", "i", "j"),
    "к": ("k",), "л": ("l",), "м": ("m",), "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",),
    "с": ("s",), "т": ("t",), "у": ("u",), "ф": ("f",), "х": ("kh", "h"), "ц": ("ts", "c"),
    "ч": ("ch",), "ш": ("sh",), "щ": ("shch", "sch"), "ъ": ("",), "ы": ("y",), "ь": ("",),
    "э": ("e",), "ю": ("yu", "ju"), "я": ("ya", "ja"),
}


@functools.lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# The readings of words are kept in the caller's cache for one reading (a dictionary the
# collector or the table owns), under these tags: no word of an upload outlives its reading, as
# it would in a process-wide cache.
_LEMMAS = "names.lemmas"
_IS_PERSON = "names.is_person"


def _lemmas(word: str, cache: dict) -> frozenset[str]:
    """Normal forms of every reading of ``word`` (lower case), once per reading."""
    key = (_LEMMAS, word)
    found = cache.get(key)
    if found is None:
        found = cache[key] = frozenset(p.normal_form for p in _morph().parse(word))
    return found


def _is_person_word(word: str, cache: dict) -> bool:
    """Whether a reading of ``word`` (lower case) with a score of at least 0.3 is a first name,
    surname or patronymic, once per reading."""
    key = (_IS_PERSON, word)
    found = cache.get(key)
    if found is None:
        found = cache[key] = any(p.score >= 0.3 and _PERSON & p.tag.grammemes
                                 for p in _morph().parse(word))
    return found


@functools.lru_cache(maxsize=1)
def _ner():
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


def transliterations(word: str, limit: int = 8) -> set[str]:
    """Latin spellings of a Cyrillic ``word`` (lower case; at most ``limit`` variants)."""
    spellings = {""}
    for char in word.lower():
        options = _LATIN.get(char, (char,))
        spellings = {s + o for s in spellings for o in options}
        if len(spellings) > limit:
            spellings = set(sorted(spellings)[:limit])
    return spellings


#: Excerpts per document given to the NER model: its working memory grows with the document
#: (2,000 excerpts at once took 120 MB more than the model; 100 at a time, nothing measurable).
NER_BATCH = 100


def _ner_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """PER spans of each text, tagged :data:`NER_BATCH` texts at a time."""
    spans: list[list[tuple[int, int]]] = []
    for start in range(0, len(texts), NER_BATCH):
        spans.extend(_ner_batch(texts[start: start + NER_BATCH]))
    return spans


def _ner_batch(texts: list[str]) -> list[list[tuple[int, int]]]:
    """PER spans of each text, tagged as one document (a line per text).

    The tagger is called on the text itself: the spans are those ``natasha.Doc.tag_ner``
    gives, without the sentence segmentation and token envelopes a ``Doc`` adds (a fifth of
    the time, and nothing here reads them).
    """
    tagger = _ner()
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    if not joined.strip():  # as Doc.tag_ner: no spans in blank text
        return [[] for _ in texts]
    markup = tagger(joined)
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    spans: list[list[tuple[int, int]]] = [[] for _ in texts]
    line = 0
    for span in markup.spans:
        if span.type != "PER":
            continue
        while line + 1 < len(starts) and starts[line + 1] <= span.start:
            line += 1
        spans[line].append((span.start - starts[line], span.stop - starts[line]))
    return spans


def mask_person_names(texts: list[str], names: Iterable[str], *, ner: bool = True,
                      cache: dict | None = None) -> list[str]:
    """``texts`` with person names masked as ``[name]`` (see the module docstring).

    ``cache``: the caller's dictionary for one reading (the collector's, a table's); the
    readings of words are kept there, so that each distinct word is analysed once per reading
    and none outlives it. A new one for this call when not given.
    """
    if not texts:
        return texts
    if cache is None:
        cache = {}
    known: set[str] = set()
    latin: set[str] = set()
    # each distinct word once: thousands of senders share words ("Пользователь 1", ...)
    words = {(word.lower(), _CYRILLIC.search(word) is not None)
             for name in names for word in _WORD.findall(str(name)) if len(word) >= 3}
    for low, cyrillic in words:
        if cyrillic:
            known |= _lemmas(low, cache)
            latin |= transliterations(low)
            for lemma in _lemmas(low, cache):
                latin |= transliterations(lemma)
        else:
            latin.add(low)
    out = list(texts)
    if ner:
        try:
            head = out[:NER_EXCERPTS]
            for i, spans in enumerate(_ner_spans(head)):
                for start, stop in sorted(spans, reverse=True):
                    out[i] = out[i][:start] + _MASK + out[i][stop:]
        except (ImportError, OSError):  # pragma: no cover - natasha is a dependency
            pass

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if len(word) < 3 or word == "name":
            return word
        if _CYRILLIC.search(word):
            if known and _lemmas(low, cache) & known:
                return _MASK
            if word[0].isupper() and _is_person_word(low, cache):
                return _MASK
        elif low in latin:
            return _MASK
        return word

    return [_WORD.sub(replace, text) for text in out]
