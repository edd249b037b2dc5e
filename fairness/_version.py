"""The installed distribution's version, read on first use of ``fairness.__version__``:
importing :mod:`importlib.metadata` takes 30-50 ms, which a check need not pay."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fairness")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
