"""Memos keyed by an object's identity: one derived value per knowledge base or platform object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class PerObject(Generic[K, V]):
    """make(obj) remembered per object (by identity, holding the object so that its id is not reused)."""

    def __init__(self, make: Callable[[K], V], limit: int = 64) -> None:
        self._make = make
        self._limit = limit
        self._found: dict[int, tuple[K, V]] = {}

    def __call__(self, obj: K) -> V:
        found = self._found.get(id(obj))
        if found is None or found[0] is not obj:
            if len(self._found) >= self._limit:
                self._found.clear()
            found = self._found[id(obj)] = (obj, self._make(obj))
        return found[1]
