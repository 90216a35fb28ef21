"""The knowledge-base cache: a knowledge base validated once, kept as a snapshot, so a command skips the YAML.

Parsing the bundled YAML safely (event by event, with positions for error messages) and
validating it takes tens of milliseconds; reading the snapshot of the validated knowledge base
(snapshot.py: plain read-only objects) takes a few. The cache keeps one entry per knowledge-base
path in the user's cache directory: $SMM_ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/smm-advisor,
else the platform's (platformdirs: ~/.cache/smm-advisor on Linux, ~/Library/Caches/smm-advisor on
macOS, %LOCALAPPDATA%\\smm-advisor\\Cache on Windows); SMM_ADVISOR_NO_CACHE=1 turns it off.

Safe by construction:

- JSON only, never pickle: nothing read from the cache can run code.
- An entry's first line records what it was made from: the knowledge base's path, size,
  mtime_ns and SHA-256, and a fingerprint of this package's code and pydantic's version, and the
  SHA-256 of the rest of the entry. A hit needs every one to match, so editing the knowledge base
  (or upgrading the tool) invalidates the entry, and a damaged or edited entry is a miss. The
  snapshot is not validated again: it is trusted because this code wrote it from a validated
  model, for these very bytes and this very code, and its checksum still matches.
- The directory is created private (0700); an entry is used only if it and its directory belong
  to the current user and are writable by nobody else, and is read without following symlinks.
- Entries are written to a temporary file and renamed into place, so readers never see half an
  entry.

Any problem (unreadable, stale, foreign, malformed, a full disk) means a normal load, silently.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from smm_advisor import __version__

FORMAT = 3
ENV_DIR = "SMM_ADVISOR_CACHE_DIR"
ENV_OFF = "SMM_ADVISOR_NO_CACHE"
MAX_ENTRY_BYTES = 64 * 1024 * 1024


def directory() -> Path | None:
    """Where entries live, or None when the cache is turned off or no home directory is known."""
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get(ENV_DIR, "").strip()
    if explicit:
        return Path(explicit)
    return user_cache_directory()


def user_cache_directory() -> Path | None:
    """$XDG_CACHE_HOME/smm-advisor where it is set, else the platform's cache directory for users (platformdirs).

    Linux: ~/.cache/smm-advisor; macOS: ~/Library/Caches/smm-advisor; Windows:
    %LOCALAPPDATA%\\smm-advisor\\Cache.
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore a relative path
        return Path(xdg) / "smm-advisor"
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("smm-advisor", appauthor=False))
    except (RuntimeError, KeyError, OSError):  # no home directory to be found
        return None


def lookup(path: str, raw: bytes) -> Any | None:
    """The cached knowledge base (a snapshot: plain objects) for the file at `path` whose bytes are `raw`, or None."""
    try:
        body = _read(path, raw)
        if body is None:
            return None
        from smm_advisor.knowledge import snapshot

        return snapshot.loads(body)
    except Exception:  # a cache must never break a command: any problem is a miss
        return None


def _read(path: str, raw: bytes) -> bytes | None:
    """The snapshot of the entry for these bytes, if it is there, private, current and intact."""
    where = _entry(path)
    if where is None or not _private(os.stat(where.parent)):
        return None
    fd = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > MAX_ENTRY_BYTES:
            return None
        data = fh.read()
    first, _, body = data.partition(b"\n")
    head = json.loads(first)
    if not isinstance(head, dict) or head.get("stamp") != _stamp(path, raw):
        return None
    if head.get("body_sha256") != hashlib.sha256(body).hexdigest():
        return None
    return body


def store(path: str, raw: bytes, snapshot_line: str) -> None:
    """Keep the snapshot of the knowledge base validated from the bytes `raw` of the file at `path`."""
    tmp: str | None = None
    try:
        where = _entry(path)
        if where is None:
            return
        where.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(where.parent)):
            return
        import tempfile

        body = snapshot_line.encode()
        head = json.dumps(
            {"stamp": _stamp(path, raw), "body_sha256": hashlib.sha256(body).hexdigest()}, sort_keys=True
        ).encode()
        fd, tmp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=where.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(head + b"\n" + body)
        os.replace(tmp, where)
        tmp = None
    except Exception:  # a cache that cannot be written is no cache, not an error
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _entry(path: str) -> Path | None:
    folder = directory()
    if folder is None:
        return None
    key = hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return folder / f"kb-{key}.json"


def _stamp(path: str, raw: bytes) -> dict[str, Any]:
    """What an entry is made from; an entry is valid only while this stays the same."""
    st = os.stat(path)
    return {
        "format": FORMAT,
        "path": os.path.realpath(path),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "code": _code_fingerprint(),
    }


@functools.cache
def _code_fingerprint() -> str:
    """This package's version and source files (name, size, mtime) and pydantic's version file.

    The entry is the dump of a validated model, so a change to the models or their validators
    must invalidate it, even in a checkout where the version number stays the same. pydantic is
    found, not imported (the quick path does without it): its version.py changes with every
    release.
    """
    parts = [__version__, f"{sys.version_info[0]}.{sys.version_info[1]}", _file_stamp(_pydantic_version_file())]
    here = Path(__file__).resolve().parent.parent  # the package, every subpackage included
    for item in sorted(here.rglob("*.py")):
        st = item.stat()
        parts.append(f"{item.relative_to(here).as_posix()}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _pydantic_version_file() -> str | None:
    from importlib.util import find_spec

    spec = find_spec("pydantic")
    origin = spec.origin if spec is not None else None
    return os.path.join(os.path.dirname(origin), "version.py") if origin else None


def _file_stamp(path: str | None) -> str:
    try:
        st = os.stat(path) if path else None
    except OSError:
        st = None
    return f"{path}:{st.st_size}:{st.st_mtime_ns}" if st is not None else f"{path}:missing"


def _private(st: os.stat_result) -> bool:
    """Owned by the current user and writable by nobody else (always true where there are no uids)."""
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
