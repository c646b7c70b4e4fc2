"""Trainings: programmes, trainings and their sessions, what the public sees of them, closing."""
