"""Ideas: propose, support, decide together."""
