"""User errors (``error.*``) and the places they name (``where.*``): one line each; the file
and place are added around them by :class:`fairness.errors.FairnessError`."""

WORDS: dict[str, dict[str, str]] = {
    "error.unknown_target": {
        "en": "unknown outcome '{target}' (the game has: {labels})",
        "ru": "неизвестный исход «{target}» (в игре есть: {labels})",
    },
}
