"""The programme: every coalition side by side, for the fund's learning programme."""
