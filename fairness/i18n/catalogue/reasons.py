"""Why an input item was not used (``reason.*``), as stored with each rejected row."""

WORDS: dict[str, dict[str, str]] = {
    "note.repaired": {
        "en": "{source}: repaired {controls} raw control character(s) and {bad} invalid UTF-8 "
              "sequence(s)",
        "ru": "{source}: исправлено управляющих символов — {controls}, неверных "
              "последовательностей UTF-8 — {bad}",
    },
    "note.truncated_after": {
        "en": "{source}: truncated after msg {id!s}; {count} messages read",
        "ru": "{source}: файл оборван после сообщения {id!s}; прочитано сообщений — {count}",
    },
    "note.truncated_start": {
        "en": "{source}: truncated before the first message; {count} messages read",
        "ru": "{source}: файл оборван до первого сообщения; прочитано сообщений — {count}",
    },
    "reason.ambiguous": {
        "en": "ambiguous: {labels:or}",
        "ru": "неоднозначно: {labels:or}",
    },
    "reason.ambiguous_match": {
        "en": "ambiguous: '{text}' matches {first} and {second}",
        "ru": "неоднозначно: «{text}» подходит и к {first}, и к {second}",
    },
    "reason.ambiguous_names": {
        "en": "ambiguous: names {labels:and}",
        "ru": "неоднозначно: названы {labels:and}",
    },
    "reason.ambiguous_outcome": {
        "en": "ambiguous outcome",
        "ru": "неоднозначный исход",
    },
    "reason.category.ambiguous": {
        "en": "ambiguous",
        "ru": "неоднозначно",
    },
    "reason.category.count_mismatch": {
        "en": "count mismatch",
        "ru": "не сходится число",
    },
    "reason.category.duplicate": {
        "en": "duplicate",
        "ru": "повтор",
    },
    "reason.category.summary": {
        "en": "summary",
        "ru": "итоги",
    },
    "reason.category.truncated": {
        "en": "truncated",
        "ru": "обрыв",
    },
    "reason.count_mismatch": {
        "en": "count mismatch: says {count} {count:one=spin|other=spins}, names {named} "
              "{named:one=outcome|other=outcomes}",
        "ru": "не сходится число: сказано {count} "
              "{count:one=вращение|few=вращения|many=вращений|other=вращения}, а названо "
              "{named} {named:one=исход|few=исхода|many=исходов|other=исхода}",
    },
    "reason.duplicate_forward": {
        "en": "duplicate: forward of a message already counted",
        "ru": "повтор: пересылка уже учтённого сообщения",
    },
    "reason.duplicate_same": {
        "en": "duplicate: same message as {first}",
        "ru": "повтор: то же сообщение, что {first}",
    },
    "reason.empty_outcome": {
        "en": "empty outcome",
        "ru": "исход не указан",
    },
    "reason.fraction": {
        "en": "count is not a whole number",
        "ru": "количество — не целое число",
    },
    "reason.negative_count": {
        "en": "negative count",
        "ru": "отрицательное количество",
    },
    "reason.not_message": {
        "en": "not a message object",
        "ru": "не сообщение",
    },
    "reason.other_rules": {
        "en": "not an outcome of rules version {version!s}",
        "ru": "не исход версии правил {version!s}",
    },
    "reason.poll_empty": {
        "en": "poll without answers",
        "ru": "опрос без ответов",
    },
    "reason.rejected": {
        "en": "rejected",
        "ru": "отклонено",
    },
    "reason.summary": {
        "en": "summary: {reason}",
        "ru": "итоги: {reason}",
    },
    "reason.truncated_after": {
        "en": "truncated: the file ends inside the JSON after msg {id!s}",
        "ru": "обрыв: файл заканчивается посреди JSON после сообщения {id!s}",
    },
    "reason.truncated_start": {
        "en": "truncated: the file ends inside the JSON before the first message",
        "ru": "обрыв: файл заканчивается посреди JSON до первого сообщения",
    },
    "reason.unknown_outcome": {
        "en": "unknown outcome '{text}'",
        "ru": "неизвестный исход «{text}»",
    },
    "reason.unknown_outcome_cell": {
        "en": "unknown outcome",
        "ru": "неизвестный исход",
    },
    "reason.implausible_count": {
        "en": "implausible count: more than {limit}",
        "ru": "неправдоподобное количество: больше {limit}",
    },
    "reason.implausible_count_cell": {
        "en": "implausible count",
        "ru": "неправдоподобное количество",
    },
    "reason.implausible_votes": {
        "en": "implausible count: poll votes not a whole number from 0 to {limit}",
        "ru": "неправдоподобное количество: число голосов не целое от 0 до {limit}",
    },
    "reason.implausible_date": {
        "en": "implausible date: before 1970 or after 2100 (a time in milliseconds?)",
        "ru": "неправдоподобная дата: раньше 1970 или позже 2100 года (время в миллисекундах?)",
    },
    "reason.too_long": {
        "en": "too long: over {limit} characters (a message is at most 4096)",
        "ru": "слишком длинное: больше {limit} символов (сообщение — не больше 4096)",
    },
    "reason.bad_message_id": {
        "en": "wrong type: the message id is not a whole number",
        "ru": "неверный тип: номер сообщения — не целое число",
    },
    "reason.unreadable_count": {
        "en": "unreadable count",
        "ru": "не удаётся прочитать количество",
    },
    "reason.unreadable_date": {
        "en": "unreadable date",
        "ru": "не удаётся прочитать дату",
    },
    "reason.unreadable_seq": {
        "en": "unreadable seq",
        "ru": "не удаётся прочитать номер по порядку",
    },
    "reason.unreadable_value": {
        "en": "unreadable value",
        "ru": "не удаётся прочитать величину приза",
    },
    "word.and": {
        "en": "and",
        "ru": "и",
    },
    "word.or": {
        "en": "or",
        "ru": "или",
    },
}
