"""Modules that can be called like their main function.

``fairness.ingest`` and ``fairness.verdict`` are both a module and the function of the same
name: ``fairness.verdict(analysis)`` works, and so do ``fairness.verdict.Verdict`` and
``import fairness.verdict``. (Importing a submodule sets the package attribute of its name to
the module, so the function cannot simply be re-exported under that name.)
"""

from __future__ import annotations

import sys
import types

__all__ = ["make_callable"]


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return getattr(self, self.__name__.rpartition(".")[2])(*args, **kwargs)


def make_callable(name: str) -> None:
    """Make module ``name`` call its function of the same (last) name when called."""
    sys.modules[name].__class__ = _CallableModule
