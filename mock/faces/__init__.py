"""The providers' APIs on the same tenants as the platform: each face a room of its own beside the
GraphQL layer, never importing it."""
