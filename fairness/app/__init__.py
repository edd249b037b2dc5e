"""The community app (Streamlit): ``fairness app``, ``make run`` or ``streamlit run app.py``.

:mod:`fairness.app.page` draws the page (widgets -> library -> display);
:mod:`fairness.app.support` holds its words, input handling and chart data and does not import
Streamlit. The package carries its own Streamlit script and settings, so an installed wheel
starts the app from anywhere: :func:`command` is the command line that does it.
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

__all__ = ["SCRIPT", "SETTINGS", "command", "settings"]

#: The script Streamlit runs (it calls :func:`fairness.app.page.main`).
SCRIPT = Path(__file__).resolve().with_name("streamlit_app.py")
#: The app's Streamlit settings (the same as the repository's .streamlit/config.toml).
SETTINGS = Path(__file__).resolve().with_name("streamlit.toml")


def settings() -> dict[str, object]:
    """The app's Streamlit settings as ``{"section.option": value}``."""
    with open(SETTINGS, "rb") as handle:
        table = tomllib.load(handle)
    return {f"{section}.{key}": value
            for section, options in table.items() for key, value in options.items()}


def _option_text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def command(port: int | None = None, *, python: str | None = None) -> list[str]:
    """The command line that starts the app: ``python -m streamlit run SCRIPT --opt=value ...``.

    Streamlit reads a ``.streamlit/config.toml`` only from the working folder or the user's
    home, so the settings go on the command line, where they also win over a user's own file.
    """
    if port is not None and (isinstance(port, bool) or not isinstance(port, int)
                             or not 1 <= port <= 65535):
        raise ValueError(f"port must be a whole number from 1 to 65535, not {port!r}")
    options = settings()
    if port is not None:
        options["server.port"] = port
    return [python or sys.executable, "-m", "streamlit", "run", str(SCRIPT),
            *(f"--{key}={_option_text(value)}" for key, value in options.items())]
