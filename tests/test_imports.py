"""What importing costs: the package and the reading side leave scipy.stats and statsmodels
unloaded until an analysis needs them, and ``fairness check`` loads scipy in the background."""

from __future__ import annotations

import subprocess
import sys

import pytest


def loaded_after(code: str) -> set[str]:
    """Heavy modules in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = (code + "\nimport sys\nprint(' '.join(m for m in ('scipy.stats', 'statsmodels', "
              "'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout
    return set(out.split())


def test_package_cli_and_reading_side_do_not_import_the_statistics_libraries():
    assert loaded_after("import fairness, fairness.cli") == set()
    reading = loaded_after("import fairness.evidence, fairness.reading, fairness.stats.counting")
    assert reading == {"pandas"}
    # ... and the analysis does (so the check above can fail)
    assert loaded_after("import fairness.analysis") == {"scipy.stats", "statsmodels", "pandas"}


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


def test_preload_imports_scipy_stats_in_a_background_thread():
    assert loaded_after("from fairness._preload import preload\nthread = preload()\n"
                        "assert thread is not None and thread.daemon\nthread.join()"
                        ) == {"scipy.stats"}
    # Nothing left to load: no thread.
    assert loaded_after("import scipy.stats\nfrom fairness._preload import preload\n"
                        "assert preload() is None") == {"scipy.stats"}
    # A module that cannot be imported ends the thread quietly; the main import reports it.
    assert loaded_after("from fairness._preload import preload\n"
                        "preload(('no_such_module_xyz',)).join()") == set()


@pytest.mark.parametrize(("setting", "expected"), [(None, False), ("1", True), ("0", False)])
def test_cli_turns_numpy_hugepages_off_unless_the_user_says(setting, expected):
    import os

    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if setting is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = setting
    # _set_madvise_hugepage returns the setting it replaces: the one in force after the call.
    script = ("from fairness.cli import _without_hugepage_stalls\n"
              "from numpy._core import multiarray\n_without_hugepage_stalls()\n"
              "print(multiarray._set_madvise_hugepage(True))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=env, check=True).stdout.strip()
    assert out == str(expected)
