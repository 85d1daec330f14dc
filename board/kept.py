"""Pieces of pages kept between requests, so a board that nobody changed is not read and
written again for every person who opens it.

A piece is kept under a key that holds everything it shows: the coalition and its change
number (every change to a coalition's data claims a new one, see events.change), the day
(cards turn late at midnight), the language, the viewer's rights and filters. A change, a new
day, another language or other rights therefore ask for another piece, never an old one. The
one thing of the person's own in a piece, the form token against cross-site requests, is put
in afresh for every request.

Each process keeps its own pieces, the least recently used going first once PAGE_CACHE_MB is
reached; 0 keeps nothing.
"""

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup


class Pieces:
    """Kept pieces of HTML by key, at most limit bytes of them (least recently used go first)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self._pieces: OrderedDict[Hashable, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[str, str] | None:
        """(html, token it was written with) kept under key, or None."""
        with self._lock:
            found = self._pieces.get(key)
            if found is not None:
                self._pieces.move_to_end(key)
            return found

    def put(self, key: Hashable, html: str, token: str) -> None:
        """Keep html (written with token) under key; a piece larger than the limit is not kept."""
        cost = sys.getsizeof(html)
        if cost > self.limit:
            return
        with self._lock:
            old = self._pieces.pop(key, None)
            if old is not None:
                self.size -= sys.getsizeof(old[0])
            self._pieces[key] = (html, token)
            self.size += cost
            while self.size > self.limit:
                _, (gone, _) = self._pieces.popitem(last=False)
                self.size -= sys.getsizeof(gone)

    def __len__(self) -> int:
        return len(self._pieces)

    def clear(self) -> None:
        """Forget every piece."""
        with self._lock:
            self._pieces.clear()
            self.size = 0


def init_app(app) -> None:
    """Give the app its pieces, PAGE_CACHE_MB megabytes at most."""
    app.extensions["kept_pieces"] = Pieces(int(float(app.config["PAGE_CACHE_MB"]) * 2**20))


def pieces() -> Pieces:
    """The pieces of the current app."""
    return current_app.extensions["kept_pieces"]


def piece(key: Hashable, write: Callable[[], str]) -> Markup:
    """The piece kept under key with this request's form token in it; written by write() (with
    this request's token, as everything rendered now) and kept when there is none."""
    store = pieces()
    token = generate_csrf()
    if not store.limit:
        return Markup(write())
    found = store.get(key)
    if found is None:
        html = str(write())
        store.put(key, html, token)
        return Markup(html)
    html, written_with = found
    return Markup(html if written_with == token else html.replace(written_with, token))


def kept_piece(name: str, key: tuple, caller, keep: bool = True) -> Markup:
    """A template's {% call kept_piece(name, key) %}…{% endcall %}: the body kept under name and
    key, which must hold everything the body shows (written anew, and not kept, unless keep)."""
    return piece(("template", name, *key), caller) if keep else Markup(caller())
