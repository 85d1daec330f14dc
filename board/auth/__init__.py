"""Login, logout, invites and password resets."""
