"""The knowledge-base cache: hits skip the YAML, any change to the file (or the code) is a miss,
and nothing in the cache can break a command or smuggle in an invalid knowledge base."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from smm_advisor.knowledge import cache, snapshot
from smm_advisor.knowledge import reader as loading
from smm_advisor.knowledge.store import bundled_path, load_knowledge_base, validated
from tests.conftest import kb_data, platform_data

POSIX = hasattr(os, "getuid")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("SMM_ADVISOR_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def kb_file(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump(kb_data(platform_data("alpha"), platform_data("beta")), sort_keys=False))
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("kb-*.snapshot")) if folder.exists() else []


def test_a_second_load_comes_from_the_cache_and_equals_the_first(
    cache_dir: Path, kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_knowledge_base(str(kb_file))
    assert len(entries(cache_dir)) == 1

    def refuse(text: str, name: str) -> loading.Document:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loading, "parse_yaml", refuse)
    second = load_knowledge_base(str(kb_file))
    assert second == first
    assert snapshot.plain(second) == snapshot.plain(first)


def test_the_bundled_knowledge_base_round_trips_exactly(cache_dir: Path) -> None:
    fresh = load_knowledge_base(None)
    cached = load_knowledge_base(None)
    assert entries(cache_dir)
    assert cached == fresh
    # the snapshot is the very model the YAML gave: every field, every value
    model = validated(bundled_path().read_bytes(), str(bundled_path()))
    assert snapshot.plain(cached) == snapshot.plain(model)
    assert type(cached.platforms[0]).__name__ == "Platform"
    head = json.loads(entries(cache_dir)[0].read_bytes().split(b"\n", 2)[1])  # after the checksum line
    assert str(bundled_path()) in head["stamp"]["path"]


def test_editing_the_file_invalidates_the_entry(cache_dir: Path, kb_file: Path) -> None:
    assert load_knowledge_base(str(kb_file)).version == "test"
    kb_file.write_text(kb_file.read_text().replace("version: test", "version: edited"))
    assert load_knowledge_base(str(kb_file)).version == "edited"
    assert len(entries(cache_dir)) == 1  # one entry per path: replaced, not added


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(cache_dir: Path, kb_file: Path) -> None:
    load_knowledge_base(str(kb_file))
    before = kb_file.stat()
    text = kb_file.read_text()
    assert "version: test" in text
    kb_file.write_text(text.replace("version: test", "version: tost"))  # same length
    os.utime(kb_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert kb_file.stat().st_size == before.st_size
    assert kb_file.stat().st_mtime_ns == before.st_mtime_ns
    assert load_knowledge_base(str(kb_file)).version == "tost"


def test_an_invalid_edit_is_reported_not_served_from_the_cache(cache_dir: Path, kb_file: Path) -> None:
    from smm_advisor.errors import InputError

    load_knowledge_base(str(kb_file))
    kb_file.write_text(kb_file.read_text().replace("version: test", "version: ''"))
    with pytest.raises(InputError, match="version"):
        load_knowledge_base(str(kb_file))


def test_a_change_of_code_invalidates_every_entry(
    cache_dir: Path, kb_file: Path, monkeypatch: pytest.MonkeyPatch, count_parses: Callable[[], list[str]]
) -> None:
    load_knowledge_base(str(kb_file))
    calls = count_parses()
    load_knowledge_base(str(kb_file))
    assert calls == []
    monkeypatch.setattr(cache, "_code_fingerprint", lambda: "another version of the code")
    load_knowledge_base(str(kb_file))
    assert calls == [str(kb_file)]


def test_no_cache_when_turned_off(cache_dir: Path, kb_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_ADVISOR_NO_CACHE", "1")
    load_knowledge_base(str(kb_file))
    assert not cache_dir.exists()
    monkeypatch.setenv("SMM_ADVISOR_NO_CACHE", "0")
    load_knowledge_base(str(kb_file))
    assert len(entries(cache_dir)) == 1


def test_stdin_is_never_cached(cache_dir: Path, kb_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(kb_file.read_bytes())))
    assert load_knowledge_base("-").version == "test"
    assert entries(cache_dir) == []


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json at all",
        b'{"format": 1}\n{}',
        b"\xff\xfe garbage",
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(cache_dir: Path, kb_file: Path, damage: bytes) -> None:
    load_knowledge_base(str(kb_file))
    (entry,) = entries(cache_dir)
    entry.write_bytes(damage)
    assert load_knowledge_base(str(kb_file)).version == "test"
    assert entry.read_bytes() != damage


@pytest.mark.parametrize("edit", ["version", "weight", "append"])
def test_an_edited_entry_is_a_miss_whatever_part_was_edited(cache_dir: Path, kb_file: Path, edit: str) -> None:
    load_knowledge_base(str(kb_file))
    (entry,) = entries(cache_dir)
    checksum, stamp, body = entry.read_bytes().split(b"\n", 2)
    kb = snapshot.loads(body)
    if edit == "version":  # a well-formed snapshot, forged
        body = snapshot.dumps(snapshot.restore("KnowledgeBase", {**vars(kb), "version": "forged"}))
    elif edit == "weight":  # above the model's bound: a normal load would refuse it
        body = snapshot.dumps(snapshot.restore("KnowledgeBase", {**vars(kb), "rules": {**kb.rules, "goal_fit": 1000}}))
    else:
        body += b" "
    assert snapshot.loads(body) != kb or edit == "append"
    entry.write_bytes(checksum + b"\n" + stamp + b"\n" + body)
    os.chmod(entry, 0o600)
    kb = load_knowledge_base(str(kb_file))
    assert kb.version == "test"
    assert kb.rules["goal_fit"] != 1000


def test_entries_are_private_and_written_without_leftovers(cache_dir: Path, kb_file: Path) -> None:
    load_knowledge_base(str(kb_file))
    assert [p.name for p in cache_dir.iterdir()] == [e.name for e in entries(cache_dir)]
    if POSIX:
        assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(entries(cache_dir)[0].stat().st_mode) == 0o600


@pytest.mark.skipif(not POSIX, reason="file modes and owners")
@pytest.mark.parametrize("target", ["entry", "directory"])
def test_a_group_or_world_writable_entry_or_directory_is_ignored(
    cache_dir: Path, kb_file: Path, count_parses: Callable[[], list[str]], target: str
) -> None:
    load_knowledge_base(str(kb_file))
    (entry,) = entries(cache_dir)
    os.chmod(entry if target == "entry" else cache_dir, 0o666 if target == "entry" else 0o777)
    calls = count_parses()
    assert load_knowledge_base(str(kb_file)).version == "test"
    assert calls == [str(kb_file)]


@pytest.mark.skipif(not POSIX, reason="symlinks and O_NOFOLLOW")
def test_a_symlinked_entry_is_not_followed(
    cache_dir: Path, kb_file: Path, count_parses: Callable[[], list[str]]
) -> None:
    load_knowledge_base(str(kb_file))
    (entry,) = entries(cache_dir)
    elsewhere = cache_dir.parent / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    calls = count_parses()
    assert load_knowledge_base(str(kb_file)).version == "test"
    assert calls == [str(kb_file)]


def test_an_unwritable_cache_directory_is_no_error(
    tmp_path: Path, kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(blocker / "cache"))
    assert load_knowledge_base(str(kb_file)).version == "test"


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SMM_ADVISOR_CACHE_DIR", "SMM_ADVISOR_NO_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "smm-advisor"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache.directory() == tmp_path / ".cache" / "smm-advisor"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "smm-advisor"
    monkeypatch.setenv("SMM_ADVISOR_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.directory() == tmp_path / "mine"
    monkeypatch.setenv("SMM_ADVISOR_NO_CACHE", "1")
    assert cache.directory() is None


def test_equal_values_give_the_same_snapshot_bytes_however_they_are_shared() -> None:
    """pickle writes a shared object once and a copy twice: the snapshot makes equal strings and dates one object."""
    import datetime

    day = datetime.date(2026, 11, 30)
    word = "".join(["Linked", "In"])  # made at run time: not the same object as another "LinkedIn"
    shared = snapshot.restore("Platform", {"name": word, "short": word, "as_of": day, "checked": day})
    copies = snapshot.restore(
        "Platform",
        {"name": "".join(["Linked", "In"]), "short": "".join(["Linked", "In"]),
         "as_of": datetime.date(2026, 11, 30), "checked": datetime.date(2026, 11, 30)},
    )  # fmt: skip
    assert vars(shared)["name"] is vars(shared)["short"]
    assert vars(copies)["name"] is not vars(copies)["short"]
    assert snapshot.dumps(copies) == snapshot.dumps(shared)
    assert snapshot.loads(snapshot.dumps(copies)) == copies
