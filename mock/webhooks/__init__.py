"""Webhooks: which domain events go out, in which body, and their delivery on the simulated clock."""
