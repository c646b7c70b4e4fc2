"""Dramatiq workers: broker set-up, actors and the scheduler."""
