"""The collaboration pulse: waves of a short questionnaire, and what they show once closed."""
