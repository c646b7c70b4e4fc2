"""Unit tests: pure rules, no application, no database, no broker."""
