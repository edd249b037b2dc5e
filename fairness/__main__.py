"""``python -m fairness``: the same command as ``fairness``."""

from fairness.cli import main

main(prog_name="fairness")
