"""Hostile input: what an attacker or a broken client may send, answered cleanly."""
