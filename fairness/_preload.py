"""Import the statistics libraries in the background while a command reads its data.

``scipy.stats`` takes about a second to import. Arrow parses a CSV without holding the
interpreter lock, so a thread can spend that second importing alongside it; the analysis
then finds the module ready. Only scipy is preloaded: it imports no pandas or pyarrow, so the
thread and the reader never wait on each other's half-imported modules (which could otherwise
deadlock or hand out a partly initialised module). When the thread fails or has not finished,
the normal import in the main thread simply does or waits for the work: nothing depends on it.
"""

from __future__ import annotations

import importlib
import sys
import threading

__all__ = ["PRELOADED", "preload"]

PRELOADED = ("scipy.stats",)


def preload(modules: tuple[str, ...] = PRELOADED) -> threading.Thread | None:
    """Start importing ``modules`` in a daemon thread; None when all are imported already."""
    missing = [name for name in modules if name not in sys.modules]
    if not missing:
        return None

    def load() -> None:
        for name in missing:
            try:
                importlib.import_module(name)
            except Exception:  # the main thread's own import will report it
                return

    thread = threading.Thread(target=load, name="fairness-preload", daemon=True)
    thread.start()
    return thread
