"""Demo data written for matchmaker, and the command that loads it."""
