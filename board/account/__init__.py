"""A person's own account: their name, password and language."""
