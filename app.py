"""The community app: ``streamlit run app.py`` (or ``fairness app``, ``make run``).

A launcher only: the page lives in the package (:mod:`fairness.app.page`), so an installed
wheel runs the same app with ``fairness app``.
"""

from fairness.app.page import main

main()
