"""The organisation itself: its identity file, edited from the command line."""
