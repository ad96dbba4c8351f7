"""The providers' APIs around the platform (CCAI, CALLR), each a room on the same tenants and core."""
