"""The knowledge-base cache in hostile places: planted symlinks, foreign levels, edited entries, NO_CACHE=false."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from smm_advisor.knowledge import cache
from smm_advisor.knowledge.store import load_knowledge_base
from tests.conftest import kb_data, platform_data

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="owners, modes and symlinks")


@pytest.fixture
def kb_file(tmp_path: Path) -> str:
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(kb_data(platform_data("alpha"), platform_data("beta")), sort_keys=False))
    return str(path)


@pytest.fixture
def parses(count_parses: Callable[[], list[str]]) -> list[str]:
    """The names of the YAML files parsed from now on (a cache hit parses none)."""
    return count_parses()


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_every_level_the_cache_creates_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb_file: str, depth: int
) -> None:
    levels = [tmp_path / "home"]
    for i in range(depth):
        levels.append(levels[-1] / f"level{i}")
    levels[0].mkdir(mode=0o755)
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(levels[-1]))
    monkeypatch.delenv("SMM_ADVISOR_NO_CACHE", raising=False)
    load_knowledge_base(kb_file)
    assert files_under(levels[-1])
    for level in levels[1:]:
        assert stat.S_IMODE(level.lstat().st_mode) == 0o700, level
    assert stat.S_IMODE(levels[0].stat().st_mode) == 0o755  # not ours to change


@pytest.mark.parametrize("planted", [0, 1, 2])
def test_a_symlink_planted_at_a_level_the_cache_creates_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb_file: str, planted: int
) -> None:
    """Between `does it exist?` and `mkdir` someone plants a symlink to a directory of theirs."""
    elsewhere = tmp_path / "attacker"
    elsewhere.mkdir(mode=0o700)
    top = tmp_path / "shared"
    top.mkdir()
    levels = [top / "a", top / "a" / "b", top / "a" / "b" / "cache"]
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(levels[-1]))
    monkeypatch.delenv("SMM_ADVISOR_NO_CACHE", raising=False)
    real_mkdir = os.mkdir

    def racing_mkdir(path: object, mode: int = 0o777, *args: object, **kwargs: object) -> None:
        if Path(str(path)) == levels[planted] and not os.path.lexists(levels[planted]):
            os.symlink(elsewhere, levels[planted])
        real_mkdir(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", racing_mkdir)
    assert load_knowledge_base(kb_file).version == "test"
    assert files_under(elsewhere) == []


def test_a_symlink_as_the_cache_directory_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb_file: str, parses: list[str]
) -> None:
    elsewhere = tmp_path / "attacker"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "cache").symlink_to(elsewhere)
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SMM_ADVISOR_NO_CACHE", raising=False)
    load_knowledge_base(kb_file)
    load_knowledge_base(kb_file)
    assert files_under(elsewhere) == []
    assert parses == [kb_file, kb_file]  # no cache: both loads parse


@pytest.mark.parametrize("where", ["checksum", "head spaces", "head keys", "body", "trailing"])
def test_an_edit_to_any_part_of_an_entry_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb_file: str, parses: list[str], where: str
) -> None:
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SMM_ADVISOR_NO_CACHE", raising=False)
    load_knowledge_base(kb_file)
    (entry,) = files_under(tmp_path / "cache")
    data = entry.read_bytes()
    head = data[: data.index(b"\n", data.index(b"\n") + 1) + 1]  # the checksum and the stamp
    edited = {
        "checksum": data.replace(data[:4], b"0000", 1),
        "head spaces": data.replace(b'{"stamp": {', b'{"stamp":  {', 1),  # the same JSON, other bytes
        "head keys": data.replace(b'"format": ', b'"extra": 1, "format": ', 1),
        "body": head + data[len(head) :].replace(b"test", b"tesT", 1),  # the snapshot: a string in it
        "trailing": data + b"\n",
    }[where]
    assert edited != data
    entry.write_bytes(edited)
    os.chmod(entry, 0o600)
    parses.clear()
    assert load_knowledge_base(kb_file).version == "test"
    assert parses == [kb_file]


@pytest.mark.parametrize(("value", "cached"), [("", True), ("0", True), ("false", True), ("no", True), ("off", True),
                                               ("FALSE", True), ("1", False), ("true", False), ("yes", False),
                                               ("on", False), (" TRUE ", False)])  # fmt: skip
def test_only_a_true_value_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, cached: bool
) -> None:
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SMM_ADVISOR_NO_CACHE", value)
    assert (cache.directory() is not None) == cached


class _Call:
    """Pickles as a call of `func` with `args`: what a forged snapshot would hold to run code."""

    def __init__(self, func: object, *args: object) -> None:
        self.func, self.args = func, args

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return self.func, self.args


@pytest.mark.parametrize("what", ["os.system", "builtins.eval", "builtins.getattr", "record_class", "nested"])
def test_a_snapshot_that_names_anything_but_records_and_dates_is_refused_unrun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb_file: str, parses: list[str], what: str
) -> None:
    """An entry with a matching checksum and stamp (as only its owner can write) still runs no code."""
    import builtins
    import hashlib
    import pickle

    from smm_advisor.knowledge import snapshot

    marker = tmp_path / "ran"
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SMM_ADVISOR_NO_CACHE", raising=False)
    load_knowledge_base(kb_file)
    (entry,) = files_under(tmp_path / "cache")
    _, stamp, _ = entry.read_bytes().split(b"\n", 2)
    payload = {
        "os.system": _Call(os.system, f"touch {marker}"),
        "builtins.eval": _Call(builtins.eval, f"open({str(marker)!r}, 'w')"),
        "builtins.getattr": _Call(getattr, marker, "touch"),
        "record_class": _Call(snapshot.record_class, "KnowledgeBase"),
        "nested": snapshot.restore("KnowledgeBase", {"version": _Call(os.system, f"touch {marker}")}),
    }[what]
    body = pickle.dumps(payload, protocol=snapshot.PROTOCOL)
    with pytest.raises(pickle.UnpicklingError, match="a snapshot holds no"):
        snapshot.loads(body)
    rest = stamp + b"\n" + body
    entry.write_bytes(hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest)
    os.chmod(entry, 0o600)
    parses.clear()
    assert load_knowledge_base(kb_file).version == "test"
    assert parses == [kb_file]  # a miss: read the normal way
    assert not marker.exists()
