"""Activities: meetings, trainings and neighbourhood events, with answers and calendars."""
