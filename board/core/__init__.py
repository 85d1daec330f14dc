"""Pages outside any coalition: health, home, language."""
