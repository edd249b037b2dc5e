"""Why an input item was not used (``reason.*``), as stored with each rejected row."""

WORDS: dict[str, dict[str, str]] = {
}
