"""Reliability: concurrency, durability, backups and deployment across hosts."""
