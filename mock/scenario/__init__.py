"""Scenarios: the YAML files that declare tenants, their keys and scripts, the clock and the seed."""
