"""The knowledge-base cache: a knowledge base validated once, kept as a snapshot, so a command skips the YAML.

Parsing the bundled YAML safely (event by event, with positions for error messages) and
validating it takes tens of milliseconds; reading the snapshot of the validated knowledge base
(snapshot.py: plain read-only objects) takes a few. The cache keeps one entry per knowledge-base
path in the user's cache directory: $SMM_ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/smm-advisor,
else the platform's (platformdirs: ~/.cache/smm-advisor on Linux, ~/Library/Caches/smm-advisor on
macOS, %LOCALAPPDATA%\\smm-advisor\\Cache on Windows); SMM_ADVISOR_NO_CACHE=1 (or true, yes,
on) turns it off, any other value (0, false, no, off, empty) leaves it on.

Safe by construction:

- Nothing read from the cache can run code: the stamp is JSON, and the snapshot is read by an
  unpickler that admits the snapshot's record and `datetime.date` and refuses any other name
  (snapshot.py).
- An entry is two lines and the snapshot: the SHA-256 of the rest of the entry (every byte after
  the first newline), what it was made from (the knowledge base's path, size, mtime_ns and
  SHA-256, and a fingerprint of this package's code and pydantic's version), then the snapshot's
  bytes. A hit needs the checksum and every part of the stamp to match, so editing the knowledge
  base (or upgrading the tool) invalidates the entry, and a damaged or edited entry, whichever
  part, is a miss. The snapshot is not validated again: it is trusted because this code wrote it
  from a validated model, for these very bytes and this very code, and its checksum still
  matches. (A checksum tells damage, not forgery: whoever can write the directory can write a
  matching checksum. That is why only a directory of the current user's that nobody else may
  write is used.)
- Every directory level the cache creates is made private (0700) one level at a time, and
  checked after it is made: a real directory (not a symlink planted in its place), owned by the
  current user, writable by nobody else. The cache directory itself is opened without following
  a symlink and checked the same way, also when it already existed; entries are then read,
  written and renamed relative to that open directory, so a directory swapped meanwhile is not
  followed. Levels above the first one the cache creates are the user's own business (a
  symlinked ~/.cache is common) and are left alone.
- An entry is used only if it is a regular file of the current user's that nobody else may write,
  opened without following a symlink. Entries are written to a temporary file and renamed into
  place, so readers never see half an entry.

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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from smm_advisor import __version__

FORMAT = 5  # 5: the snapshot is a restricted pickle (4: tagged JSON)
ENV_DIR = "SMM_ADVISOR_CACHE_DIR"
ENV_OFF = "SMM_ADVISOR_NO_CACHE"
MAX_ENTRY_BYTES = 64 * 1024 * 1024


TRUE = ("1", "true", "yes", "on")


def directory() -> Path | None:
    """Where entries live, or None when the cache is turned off or no home directory is known."""
    if os.environ.get(ENV_OFF, "").strip().lower() in TRUE:
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
    folder, name = _entry(path)
    if folder is None:
        return None
    with _opened(folder, create=False) as where:
        if where is None:
            return None
        fd = os.open(where.path(name), os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0), dir_fd=where.fd)
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > MAX_ENTRY_BYTES:
                return None
            data = fh.read(MAX_ENTRY_BYTES + 1)
    checksum, _, rest = data.partition(b"\n")
    if checksum != hashlib.sha256(rest).hexdigest().encode():
        return None
    head, _, body = rest.partition(b"\n")
    if json.loads(head) != {"stamp": _stamp(path, raw)}:
        return None
    return body


def store(path: str, raw: bytes, snapshot: bytes) -> None:
    """Keep the snapshot of the knowledge base validated from the bytes `raw` of the file at `path`."""
    try:
        folder, name = _entry(path)
        if folder is None:
            return
        with _opened(folder, create=True) as where:
            if where is None:
                return
            rest = json.dumps({"stamp": _stamp(path, raw)}, sort_keys=True).encode() + b"\n" + snapshot
            where.replace(name, hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest)
    except Exception:  # a cache that cannot be written is no cache, not an error
        pass


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_RELATIVE = os.open in os.supports_dir_fd and os.unlink in os.supports_dir_fd and _DIRECTORY != 0


class _Folder:
    """The checked cache directory, held open: entries are reached relative to it where the platform can."""

    def __init__(self, folder: Path, fd: int | None) -> None:
        self.folder = folder
        self.fd = fd

    def path(self, name: str) -> str:
        return name if self.fd is not None else str(self.folder / name)

    def replace(self, name: str, data: bytes) -> None:
        """Write `name` whole: a private temporary file, renamed into place."""
        import secrets

        tmp = f".kb-{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
        fd = os.open(self.path(tmp), flags, 0o600, dir_fd=self.fd)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            if self.fd is not None:
                os.rename(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            else:
                os.replace(self.path(tmp), self.path(name))
            tmp = ""
        finally:
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(self.path(tmp), dir_fd=self.fd)


@contextlib.contextmanager
def _opened(folder: Path, *, create: bool) -> Iterator[_Folder | None]:
    """The cache directory, created (with every missing level) if asked, checked, and held open; None if unfit."""
    if create and not _make(folder):
        yield None
        return
    try:
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW) if _RELATIVE else None
    except OSError:
        yield None
        return
    try:
        st = os.fstat(fd) if fd is not None else os.lstat(folder)
        yield _Folder(folder, fd) if stat.S_ISDIR(st.st_mode) and _private(st) else None
    finally:
        if fd is not None:
            os.close(fd)


def _make(folder: Path) -> bool:
    """Create the missing levels of `folder` one at a time, each private and checked; whether all are fit."""
    missing: list[Path] = []
    level = folder
    while not os.path.lexists(level) and level.parent != level:
        missing.append(level)
        level = level.parent
    for level in reversed(missing):
        try:
            os.mkdir(level, 0o700)
        except FileExistsError:
            pass  # made meanwhile (by whom?): the check below decides
        except OSError:
            return False
        st = os.lstat(level)
        if not stat.S_ISDIR(st.st_mode) or not _private(st):
            return False  # a symlink or a foreign directory where a level of ours should be
    return True


def _entry(path: str) -> tuple[Path | None, str]:
    folder = directory()
    key = hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return folder, f"kb-{key}.snapshot"


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
    found, not imported (a warm run does without it): its version.py changes with every
    release.
    """
    parts = [__version__, f"{sys.version_info[0]}.{sys.version_info[1]}", _file_stamp(pydantic_version_file())]
    here = Path(__file__).resolve().parent.parent  # the package, every subpackage included
    for item in sorted(here.rglob("*.py")):
        st = item.stat()
        parts.append(f"{item.relative_to(here).as_posix()}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def pydantic_version_file() -> str | None:
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
