"""Mail: composed and queued with the change that causes it, delivered by a worker."""
