"""Shared fixtures: a tiny hand-built knowledge base for rule and scorer tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm_advisor.advice.profiles import Profile
from smm_advisor.knowledge.models import KnowledgeBase, Platform

SRC: dict[str, Any] = {"source": "doc", "as_of": "2025-06-01"}
WEIGHTS = {
    "audience": 1.0,
    "goal_fit": 1.0,
    "ads_fit": 1.0,
    "market_fit": 1.0,
    "content_fit": 1.0,
    "lifecycle": 1.0,
}


def lvl(value: int | None) -> dict[str, Any]:
    fact: dict[str, Any] = {"value": value, **SRC}
    if value is None:
        fact["unknown"] = "not published"
    return fact


def platform_data(pid: str, **over: Any) -> dict[str, Any]:
    """A valid platform entry; keyword arguments replace whole traits."""
    data: dict[str, Any] = {
        "id": pid,
        "name": pid.title(),
        "operator": {"value": "Op", **SRC},
        "lifecycle": {"state": "active", **SRC},
        "orientation": {"b2b": lvl(1), "b2c": lvl(2)},
        "formats": {"text": lvl(2), "image": lvl(2)},
        "reach": {"global": lvl(2)},
        "goals": {"awareness": {"level": 2, "reason": "broad reach", **SRC}},
        "self_serve_ads": {"value": True, **SRC},
        "messenger": {"value": False, **SRC},
        "ephemeral": {"value": False, **SRC},
    }
    data.update(over)
    return data


def kb_data(*platforms: dict[str, Any], rules: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "version": "test",
        "as_of": "2026-01-01",
        "sources": {"doc": {"title": "A document", "url": "https://example.org/doc"}},
        "rules": rules or WEIGHTS,
        "platforms": list(platforms),
    }


def make_kb(*platforms: dict[str, Any], rules: dict[str, Any] | None = None) -> KnowledgeBase:
    return KnowledgeBase.model_validate(kb_data(*platforms, rules=rules))


def make_platform(pid: str = "alpha", **over: Any) -> Platform:
    return Platform.model_validate(platform_data(pid, **over))


def profile(**kw: Any) -> Profile:
    """A profile through the one normaliser (so '18-29' and 'B2B' work as on the command line)."""
    from smm_advisor.advice.profiles import from_flags

    return from_flags(kw, {k: k for k in kw})


def load_script(name: str, folder: str = "scripts") -> Any:
    """One of scripts/*.py (or FOLDER/*.py, e.g. fuzz/) as a module (they are not a package)."""
    import importlib.util
    import sys

    root = Path(__file__).resolve().parent.parent
    key = f"_{folder}_{name}"  # registered (afresh each time), as dataclasses in a script look their module up
    spec = importlib.util.spec_from_file_location(key, root / folder / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    from smm_advisor.cli.entry import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def kb_file(tmp_path: Path) -> str:
    """A two-platform knowledge base on disk: 'pro' is strong B2B, 'fun' strong B2C."""
    data = kb_data(
        platform_data("pro", orientation={"b2b": lvl(3), "b2c": lvl(1)}),
        platform_data("fun", orientation={"b2b": lvl(0), "b2c": lvl(3)}),
    )
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def tiny_kb() -> KnowledgeBase:
    return make_kb(platform_data("alpha"), platform_data("beta"))


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Knowledge-base cache entries go to a directory of the test session, not the user's cache; the
    user's configuration is not read either (a directory of the session, empty)."""
    names = ("SMM_ADVISOR_CACHE_DIR", "SMM_ADVISOR_CONFIG_DIR")
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ[name] = str(tmp_path_factory.mktemp(name.lower()))
    yield
    for name, value in saved.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture
def count_parses(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Call it to note, from then on, the name of every YAML file parsed (a cache hit parses none)."""
    from smm_advisor.knowledge import reader as loading

    def start() -> list[str]:
        calls: list[str] = []
        real = loading.parse_yaml

        def counting(text: str, name: str) -> loading.Document:
            calls.append(name)
            return real(text, name)

        monkeypatch.setattr(loading, "parse_yaml", counting)
        return calls

    return start
