"""What importing costs and what the package is made of: plain modules and functions.

The package and the reading side load no statistics library (PEP 562 names), and a check of a
big file loads neither scipy.stats nor statsmodels (their import costs more than the check's
statistics: fairness.stats._distributions works on scipy.special); the public functions are
ordinary functions (picklable, with a signature); no module swaps its class and no command
ends the process early.
"""

from __future__ import annotations

import inspect
import pickle
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

import fairness

PACKAGE = Path(fairness.__file__).resolve().parent
DEMO_GAME = PACKAGE.parent / "datasets" / "games" / "cashback_wheel.toml"


def loaded_after(code: str) -> set[str]:
    """Heavy modules in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = (code + "\nimport sys\nprint(' '.join(m for m in ('scipy.stats', 'statsmodels', "
              "'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    return set(out.split())


def test_package_cli_and_reading_side_do_not_import_the_statistics_libraries():
    assert loaded_after("import fairness, fairness.cli") == set()
    # `fairness --help` in either language stays light (the help reads the catalogue only)
    assert loaded_after("from click.testing import CliRunner\nfrom fairness.cli import main\n"
                        "for args in (['--help'], ['check', '--lang', 'ru', '--help'],\n"
                        "             ['campaign', 'add', '--help']):\n"
                        "    assert CliRunner().invoke(main, args).exit_code == 0") == set()
    reading = loaded_after("import fairness.evidence, fairness.reading, fairness.stats.counting")
    assert reading == {"pandas"}
    assert loaded_after("import fairness.analysis, fairness.decision, fairness.report") == {
        "pandas"}
    # ... and the probe sees them when they are loaded (so the checks above can fail)
    assert loaded_after("import statsmodels.api") == {"scipy.stats", "statsmodels", "pandas"}


def test_checking_a_big_file_loads_neither_scipy_stats_nor_statsmodels(tmp_path):
    # 200,000 spins of 20 reporters: every test of the check runs, on its large-sample form
    # (the Monte Carlo tests of small tables use scipy.stats.random_table, loaded there).
    rng = np.random.default_rng(5)
    game = fairness.load_game(DEMO_GAME)
    n = 200_000
    labels = np.array(game.labels)[rng.choice(len(game.labels), size=n, p=game.stated)]
    times = np.datetime64("2026-03-01T00:00:00") + np.sort(rng.integers(0, 30 * 86_400, n))
    data = tmp_path / "spins.csv"
    data.write_text("reported_at,reporter,outcome\n" + "".join(
        f"{t}Z,r{r},{o}\n" for t, r, o in zip(times, rng.integers(0, 20, n), labels,
                                              strict=True)), encoding="utf-8")
    code = ("import fairness\n"
            f"game = fairness.load_game({str(DEMO_GAME)!r})\n"
            f"answer = fairness.verdict(fairness.analyze(fairness.ingest({str(data)!r}, game),"
            " game))\n"
            "assert answer.level")
    assert loaded_after(code) == {"pandas"}


def test_lazy_statistics_names_resolve_and_unknown_ones_fail():
    import fairness.stats as stats
    from fairness.stats.fit import goodness_of_fit

    assert stats.goodness_of_fit is goodness_of_fit
    assert "goodness_of_fit" in dir(stats) and "spins_needed" in dir(stats)
    assert set(stats.__all__) <= set(dir(stats))
    for name in stats.__all__:
        assert getattr(stats, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        stats.nonsense  # noqa: B018


@pytest.mark.parametrize("name", ["ingest", "verdict", "analyze", "load_game"])
def test_public_functions_are_plain_functions(name):
    function = getattr(fairness, name)
    assert isinstance(function, types.FunctionType), type(function)
    assert inspect.signature(function).parameters  # a real signature, not (*args, **kwargs)
    assert pickle.loads(pickle.dumps(function)) is function


def test_every_public_name_of_the_package_resolves():
    for name in fairness.__all__:
        value = getattr(fairness, name)
        assert not isinstance(value, types.ModuleType), name


def test_importing_the_submodules_leaves_the_public_functions_alone():
    # Importing a submodule sets the package attribute of its name: no public function may
    # share its name with a module, or the function would be replaced by the module.
    script = ("import importlib, pkgutil, types, fairness\n"
              "for info in pkgutil.walk_packages(fairness.__path__, 'fairness.'):\n"
              "    if not info.name.startswith(('fairness.app.page', 'fairness.app.streamlit',\n"
              "                                 'fairness.__main__')):\n"
              "        importlib.import_module(info.name)\n"
              "bad = [n for n in fairness.__all__ if isinstance(getattr(fairness, n), "
              "types.ModuleType)]\n"
              "print(bad)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_no_module_swaps_classes_calls_private_numpy_or_exits_early():
    # The process belongs to whoever imports us: these would change it for everybody.
    forbidden = ("__class__ =", "os._exit", "_set_madvise_hugepage", "threading.Thread(")
    found = [f"{path.relative_to(PACKAGE)}: {needle}"
             for path in PACKAGE.rglob("*.py")
             for needle in forbidden if needle in path.read_text(encoding="utf-8")]
    assert found == []


def test_submodules_named_by_the_package_resolve_after_a_bare_import():
    out = subprocess.run([sys.executable, "-c",
                          "import fairness, sys\n"
                          "print(callable(fairness.stats.evalue), "
                          "'demo_cashback' in set(fairness.datasets.list_datasets()['name']))"],
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]
