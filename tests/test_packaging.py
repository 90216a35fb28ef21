"""The knowledge base ships inside the wheel built from the sdist, and an installed wheel finds it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # `python -m build` makes the sdist first and builds the wheel from it.
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("*.whl")
    return found


def test_wheel_built_from_sdist_contains_the_knowledge_base(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "smm_advisor/data/platforms.yaml" in names
        shipped = zf.read("smm_advisor/data/platforms.yaml")
    assert shipped == (ROOT / "data" / "platforms.yaml").read_bytes()


def test_installed_wheel_finds_its_bundled_knowledge_base(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("SMM_ADVISOR_KB", None)
    code = "import smm_advisor.knowledge.store as k; print(k.bundled_path())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    assert Path(done.stdout.strip()).is_relative_to(target)


def test_the_wheel_carries_the_license_and_says_what_it_is(wheel: Path) -> None:
    import email
    import tomllib

    import trove_classifiers

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(zf.read(metadata))
        (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        text = zf.read(license_file).decode("utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 smm-advisor maintainers" in text
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert meta["License-Expression"] == "MIT"
    classifiers = meta.get_all("Classifier") or []
    assert {"Development Status :: 3 - Alpha", "Operating System :: OS Independent"} <= set(classifiers)
    assert set(classifiers) <= set(trove_classifiers.classifiers)
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["classifiers"]
    assert classifiers == declared


def test_the_installed_wheel_answers_without_validating_its_bundled_knowledge_base(wheel: Path, tmp_path: Path) -> None:
    """The build validated it (hatch_build.py): a fresh container, cache off, imports neither YAML nor pydantic."""
    with zipfile.ZipFile(wheel) as zf:
        assert "smm_advisor/knowledge/bundled.snapshot" in zf.namelist()
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "SMM_ADVISOR_NO_CACHE": "1"}
    env.pop("SMM_ADVISOR_KB", None)
    (tmp_path / ".git").mkdir()  # a project root: no configuration file above it is read (that would load YAML)
    code = (
        "import sys; from smm_advisor.cli.entry import main; code = main(['recommend', '--market', 'b2b', '--json']);"
        "print(sorted(m for m in ('yaml', 'pydantic') if m in sys.modules), file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "[]\n"
    assert '"recommendations"' in done.stdout
