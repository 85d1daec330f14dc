"""The board: initiative cards in columns."""
