"""Administration: creating coalitions."""
