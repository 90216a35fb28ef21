"""The bundled knowledge base's snapshot, made at build time, stands in for validation only while nothing changed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from smm_advisor.knowledge import bundled, snapshot
from smm_advisor.knowledge.store import bundled_path, load_knowledge_base, validated


@pytest.fixture
def raw() -> bytes:
    return bundled_path().read_bytes()


@pytest.fixture
def made(tmp_path: Path, raw: bytes, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A snapshot file made as the build hook makes it, used as the package's."""
    path = tmp_path / "bundled.snapshot"
    bundled.write(raw, path)
    monkeypatch.setattr(bundled, "SNAPSHOT", path)
    monkeypatch.setattr(bundled.snapshot_data, "__defaults__", (path,))
    monkeypatch.setenv("SMM_ADVISOR_NO_CACHE", "1")
    monkeypatch.delenv("SMM_ADVISOR_KB", raising=False)
    return path


def test_the_snapshot_is_the_validated_knowledge_base(made: Path, raw: bytes) -> None:
    data = bundled.snapshot_data(raw)
    assert data is not None
    assert data == snapshot.dumps(validated(raw, "platforms.yaml"))  # the same bytes, made again
    assert snapshot.loads(data) == snapshot.loads(snapshot.dumps(validated(raw, "platforms.yaml")))


def test_the_bundled_knowledge_base_is_not_parsed_while_the_snapshot_matches(
    made: Path, count_parses: Callable[[], list[str]]
) -> None:
    calls = count_parses()
    kb = load_knowledge_base()
    assert calls == []
    assert kb.platform("linkedin").name == "LinkedIn"


@pytest.mark.parametrize("change", ["knowledge base", "code", "snapshot", "format", "garbage"])
def test_any_change_is_a_miss_and_the_knowledge_base_is_validated(
    made: Path, raw: bytes, change: str, count_parses: Callable[[], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp_line, data = made.read_bytes().split(b"\n", 1)
    stamp = json.loads(stamp_line)
    if change == "knowledge base":  # the file was edited after the build
        stamp["sha256"] = "0" * 64
    elif change == "code":  # a module was edited after the build (an editable install)
        monkeypatch.setattr(bundled, "code_fingerprint", lambda: "edited")
    elif change == "snapshot":
        data = data.replace(b"LinkedIn", b"LinkedUp")
    elif change == "format":
        stamp["format"] = bundled.FORMAT + 1
    made.write_bytes(b"not json\n" if change == "garbage" else json.dumps(stamp).encode() + b"\n" + data)
    assert bundled.snapshot_data(raw) is None
    calls = count_parses()
    kb = load_knowledge_base()
    assert len(calls) == 1
    assert kb.platform("linkedin").name == "LinkedIn"


def test_another_file_with_the_same_bytes_is_validated(
    made: Path, raw: bytes, tmp_path: Path, count_parses: Callable[[], list[str]]
) -> None:
    """The snapshot stands for the bundled file only: a copy elsewhere is the user's, read the normal way."""
    copy = tmp_path / "mine.yaml"
    copy.write_bytes(raw)
    calls = count_parses()
    load_knowledge_base(str(copy))
    assert len(calls) == 1


def test_the_code_fingerprint_reads_bytes_not_mtimes(tmp_path: Path) -> None:
    """Installing a wheel gives every module a new mtime; only its bytes count."""
    bundled.code_fingerprint.cache_clear()
    before = bundled.code_fingerprint()
    module = Path(bundled.__file__)
    stat = module.stat()

    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    try:
        bundled.code_fingerprint.cache_clear()
        assert bundled.code_fingerprint() == before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        bundled.code_fingerprint.cache_clear()


def test_the_same_knowledge_base_gives_the_same_bytes_whatever_the_hash_seed(raw: bytes) -> None:
    """A reproducible wheel: the snapshot's bytes depend on the knowledge base, not on the process."""
    import hashlib
    import subprocess
    import sys

    code = (
        "import hashlib, sys\n"
        "from smm_advisor.knowledge import snapshot\n"
        "from smm_advisor.knowledge.store import bundled_path, validated\n"
        "data = snapshot.dumps(validated(bundled_path().read_bytes(), 'platforms.yaml'))\n"
        "print(hashlib.sha256(data).hexdigest())"
    )
    root = str(Path(__file__).resolve().parent.parent)
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "random")
    }
    assert digests == {hashlib.sha256(snapshot.dumps(validated(raw, "platforms.yaml"))).hexdigest()}
