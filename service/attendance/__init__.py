"""Attendance: who attended each session (door check-in, sheets, join links, Zoom and Teams
reports), the attendance rule, and each registration's summary."""
