"""Demo data: the five coalitions of the seed, as data files and the loader that plays them in."""
