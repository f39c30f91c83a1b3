"""A small thread-safe LRU map with hit/miss counters (reported by /health)."""

from __future__ import annotations

import threading
from collections import OrderedDict


class LruCache:
    def __init__(self, capacity: int):
        self.capacity = capacity
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
            return None

    def put(self, key, value) -> None:
        if self.capacity <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def stats(self) -> dict:
        with self._lock:
            return {"capacity": self.capacity, "entries": len(self._items), "hits": self.hits, "misses": self.misses}
