"""Module tricks shared by the package: callable modules and names loaded on first use.

``fairness.ingest`` and ``fairness.verdict`` are both a module and the function of the same
name: ``fairness.verdict(analysis)`` works, and so do ``fairness.verdict.Verdict`` and
``import fairness.verdict``. (Importing a submodule sets the package attribute of its name to
the module, so the function cannot simply be re-exported under that name.)

``fairness`` and ``fairness.stats`` name their public objects without importing them (PEP 562):
pandas, scipy.stats and statsmodels take a second or two to import, which ``fairness --help``
and the reading side need not pay.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping

__all__ = ["lazy_names", "make_callable"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return getattr(self, self.__name__.rpartition(".")[2])(*args, **kwargs)


def make_callable(name: str) -> None:
    """Make module ``name`` call its function of the same (last) name when called."""
    sys.modules[name].__class__ = _CallableModule


def lazy_names(package: str, names: Mapping[str, str]
               ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, where ``names`` maps each public name to
    the module that defines it. A name that is its module's own last part (``ingest`` from
    ``fairness.ingest``) is the module itself; the value is kept in the package once loaded."""
    namespace = vars(sys.modules[package])

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(names[name])
        value = module if names[name].rpartition(".")[2] == name else getattr(module, name)
        namespace[name] = value
        return value

    def __dir__():
        return sorted(set(namespace) | set(names))

    return __getattr__, __dir__
