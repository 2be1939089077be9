"""Authentication: sessions, sign-in and the rules that end a session."""
