"""The processes: the worker's actors, the scheduler, and `make run`'s devstack."""
