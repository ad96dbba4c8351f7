"""The core every room builds on: clock, ids, stores, errors, tenants. Imports nothing outside itself."""
