"""Names loaded on first use, shared by ``fairness`` and ``fairness.stats`` (PEP 562).

pandas and scipy take most of a second to import, which ``fairness --help`` and the reading
side need not pay; a package lists its public names and the modules that define
them, and each module is imported when one of its names is first asked for.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping

__all__ = ["lazy_names"]


def lazy_names(package: str, names: Mapping[str, str]
               ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, where ``names`` maps each public name to
    the module that defines it (a name that is the module's own, ``"stats": "fairness.stats"``,
    is the submodule itself); the value is kept in the package once loaded."""
    namespace = vars(sys.modules[package])

    def __getattr__(name: str):
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(names[name])
        value = module if names[name] == f"{package}.{name}" else getattr(module, name)
        namespace[name] = value
        return value

    def __dir__():
        return sorted(set(namespace) | set(names))

    return __getattr__, __dir__
