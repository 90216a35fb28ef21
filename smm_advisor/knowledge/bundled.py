"""The bundled knowledge base, validated when the package is built.

A CI job in a fresh container has an empty cache, so every run would parse and validate the
bundled YAML (about 200 ms: docs/performance.md). The wheel therefore carries that knowledge
base's snapshot (snapshot.py), written by the build hook (hatch_build.py) from the validated
model, as `bundled.snapshot` beside this module. It stands in for validation of the bundled file
only, and only while everything it was made from is unchanged:

- the SHA-256 of the knowledge base's bytes (an edited data/platforms.yaml is validated as usual);
- a fingerprint of the code by content (every module of the package, the Python version and
  pydantic's version file): installing a wheel changes every file's mtime, not its bytes;
- the SHA-256 of the snapshot itself (a damaged file is not used).

The file is part of the installed package, as trusted as its code. Anything unexpected is a miss,
and the knowledge base is read the normal way.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path

from smm_advisor import __version__
from smm_advisor.knowledge.cache import pydantic_version_file

SNAPSHOT = Path(__file__).with_name("bundled.snapshot")
FORMAT = 2  # 2: the snapshot is a restricted pickle (1: tagged JSON)


def write(raw: bytes, path: Path = SNAPSHOT) -> Path:
    """Validate the knowledge base whose bytes are `raw` and write its snapshot file (the build hook calls this).

    The file is a line of JSON (the stamp), then the snapshot's bytes.
    """
    from smm_advisor.knowledge import snapshot
    from smm_advisor.knowledge.store import validated

    data = snapshot.dumps(validated(raw, "data/platforms.yaml"))
    stamp = {
        "format": FORMAT,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "code": code_fingerprint(),
        "snapshot": hashlib.sha256(data).hexdigest(),
    }
    path.write_bytes(json.dumps(stamp, sort_keys=True).encode() + b"\n" + data)
    return path


def snapshot_data(raw: bytes, path: Path = SNAPSHOT) -> bytes | None:
    """The snapshot of the knowledge base whose bytes are `raw`, if the package carries it for them."""
    try:
        with open(path, "rb") as fh:
            stamp = json.loads(fh.readline())
            data = fh.read()
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("format") != FORMAT:
        return None
    if stamp.get("sha256") != hashlib.sha256(raw).hexdigest():
        return None
    if stamp.get("snapshot") != hashlib.sha256(data).hexdigest():
        return None
    return data if stamp.get("code") == code_fingerprint() else None


@functools.cache
def code_fingerprint() -> str:
    """The package's version, every module's path and bytes, Python's version and pydantic's version file."""
    digest = hashlib.sha256(f"{__version__}\n{sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    package = Path(__file__).resolve().parent.parent
    for item in sorted(package.rglob("*.py")):
        digest.update(item.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(item.read_bytes() + b"\0")
    version_file = pydantic_version_file()
    try:
        digest.update(Path(version_file).read_bytes() if version_file else b"no pydantic")
    except OSError:
        digest.update(b"no pydantic version file")
    return digest.hexdigest()
