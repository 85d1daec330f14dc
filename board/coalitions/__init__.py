"""The coalition: home, members, work sites, partners, columns."""
