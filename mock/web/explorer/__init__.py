"""The offline GraphQL explorer: GET /v1 opened in a browser answers Altair, served from the
package (never a CDN), with every documented example open and the API key filled in."""

from .routes import explorer_page, routes

__all__ = ["explorer_page", "routes"]
