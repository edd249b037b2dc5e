"""The analyst notebooks run top to bottom, are stored without outputs, and match
notebooks/build.py (which writes them)."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from tests.conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_the_three_notebooks_exist_and_match_their_builder():
    assert [p.name for p in NOTEBOOKS] == ["01_quickstart.ipynb", "02_telegram_audit.ipynb",
                                           "03_planning_and_monitoring.ipynb"]
    result = subprocess.run([sys.executable, str(REPO / "notebooks" / "build.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_end_to_end(path, tmp_path, monkeypatch):
    # Importing streamlit (the app tests do) sets MPLBACKEND=Agg for the whole process, and the
    # kernel would inherit it and draw no inline images.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    # The kernel spec "python3" of the current environment (the venv's ipykernel); the notebook
    # runs in an empty folder, so it cannot depend on files beside it.
    client = NotebookClient(notebook, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError with the failing cell's traceback
    images = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if "image/png" in output.get("data", {})]
    assert images, "every notebook draws at least one chart with fairness.plot"
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert not errors
