"""The wheel as a user installs it: built from the repository, installed into a folder of its
own and used from another folder, it lists and loads the bundled data and starts its app.

The build runs without network access (``--no-build-isolation``: setuptools comes with the dev
extras) from a copy of the files git knows, so a file that only exists in this checkout cannot
hide a missing entry in pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

pytestmark = pytest.mark.slow


def _project_files() -> list[str]:
    """Files of the project as git sees them (tracked, plus new ones not ignored)."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if (REPO / line).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.fail("the package test needs the git checkout (it builds from the files git knows)")
    source = tmp_path_factory.mktemp("source")
    for name in _project_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(out), str(source)],
                   check=True, capture_output=True, text=True, timeout=600)
    (built,) = out.glob("fairness-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The wheel installed into an empty folder (its dependencies come from this environment)."""
    site = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(site), str(wheel)],
                   check=True, capture_output=True, text=True, timeout=600)
    return site


def _run_installed(site: Path, args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run with the installed copy first on the path, from a folder far from the repository."""
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("FAIRNESS_DATASETS", None)
    return subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_wheel_carries_every_bundled_file_and_the_app(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = [name for name in _project_files()
            if name.startswith("datasets/") and not name.endswith((".py", ".pyc"))]
    assert data, "no bundled data found in the checkout"
    missing = [name for name in data
               if "fairness/bundled/" + name.removeprefix("datasets/") not in names]
    assert missing == []
    package = [name for name in _project_files()
               if name.startswith("fairness/") and name.endswith((".py", ".toml"))]
    assert [name for name in package if name not in names] == []


def test_the_installed_wheel_works_outside_the_source_tree(installed, tmp_path):
    code = ("import fairness, fairness.datasets as d\n"
            "print(fairness.__file__)\n"
            "evidence, game = d.load_campaign('demo_cashback')\n"
            "answer = fairness.verdict(fairness.analyze(evidence, game))\n"
            "print(evidence.n_spins, answer.level)\n"
            "print(d.list_datasets()['name'].tolist())\n")
    result = _run_installed(installed, [sys.executable, "-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    where, counts, names = result.stdout.strip().splitlines()
    assert Path(where).resolve().is_relative_to(installed.resolve())
    assert counts == "8000 inconsistent"  # datasets/README.md: the demo's documented level
    assert "demo_cashback" in names and "telegram_json" in names


def test_the_installed_command_lists_datasets_and_starts_its_app(installed, tmp_path):
    script = installed / "bin" / "fairness"
    assert script.is_file()
    listed = _run_installed(installed, [str(script), "datasets"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "demo_cashback" in listed.stdout
    assert str(installed.resolve()) in listed.stdout  # paths inside the installed package
    app = _run_installed(installed, [str(script), "app", "--port", "8599", "--dry-run"],
                         tmp_path)
    assert app.returncode == 0, app.stderr
    launched = app.stdout.split()
    app_script = Path(launched[launched.index("run") + 1])
    assert app_script.is_file() and app_script.resolve().is_relative_to(installed.resolve())
    assert "--server.port=8599" in launched


def test_the_installed_app_renders_the_demo_verdict(installed, tmp_path):
    # Streamlit's test runner drives the installed script (a real page run, no server).
    code = ("from streamlit.testing.v1 import AppTest\n"
            "from fairness.app import SCRIPT\n"
            "at = AppTest.from_file(str(SCRIPT), default_timeout=300)\n"
            "at.run()\n"
            "assert not at.exception, at.exception\n"
            "print(any('fairness-verdict' in h.value for h in at.get('html')))\n"
            "print(SCRIPT)\n")
    result = _run_installed(installed, [sys.executable, "-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    shown, script = result.stdout.strip().splitlines()[-2:]
    assert shown == "True"
    assert Path(script).resolve().is_relative_to(installed.resolve())


def test_the_repository_and_package_streamlit_settings_are_the_same():
    with open(REPO / ".streamlit" / "config.toml", "rb") as handle:
        repository = tomllib.load(handle)
    with open(REPO / "fairness" / "app" / "streamlit.toml", "rb") as handle:
        package = tomllib.load(handle)
    assert repository == package
