"""Kept pieces of pages: the least recently used go first once the limit is reached."""

import sys

from board.kept import Pieces


def test_the_least_recently_used_piece_goes_first():
    piece = "x" * 1000
    cost = sys.getsizeof(piece)
    pieces = Pieces(limit=3 * cost)
    for key in "abc":
        pieces.put(key, piece, "token")
    assert pieces.get("a") == (piece, "token")  # a is used again: b is now the oldest
    pieces.put("d", piece, "token")
    assert pieces.get("b") is None
    assert [pieces.get(key) is not None for key in "acd"] == [True, True, True]
    assert len(pieces) == 3 and pieces.size == 3 * cost


def test_a_piece_kept_again_replaces_the_old_one_and_a_huge_one_is_not_kept():
    pieces = Pieces(limit=10_000)
    pieces.put("a", "old", "t1")
    pieces.put("a", "new", "t2")
    assert pieces.get("a") == ("new", "t2") and len(pieces) == 1
    assert pieces.size == sys.getsizeof("new")
    pieces.put("huge", "y" * 20_000, "t")
    assert pieces.get("huge") is None and pieces.get("a") is not None
    pieces.clear()
    assert len(pieces) == 0 and pieces.size == 0
