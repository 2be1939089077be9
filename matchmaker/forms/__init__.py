"""Flask-WTF forms: what a user may submit, validated before any service runs.

A form holds only fields its user may set. Owner fields (a need's country, an offer's
organisation, status) are absent, so a value injected for them is never read.
"""
