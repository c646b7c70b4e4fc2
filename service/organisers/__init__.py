"""Organisers: their accounts, API tokens, page sign-in."""
