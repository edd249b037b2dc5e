"""The bundled datasets, installed with the package as ``fairness.bundled``.

This folder stays at the top of the repository, where people browse it; the build maps it into
the package (``[tool.setuptools.package-dir]`` in pyproject.toml) and :mod:`fairness.datasets`
reads it with :mod:`importlib.resources`, so an installed wheel has the same files.
"""
