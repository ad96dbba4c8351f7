"""Voice: calls made by voice scripts, and stopping them."""
