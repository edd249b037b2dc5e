"""The script Streamlit runs for ``fairness app`` (the installed package's own copy of app.py)."""

from fairness.app.page import main

main()
