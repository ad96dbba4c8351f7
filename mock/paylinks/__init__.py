"""PayLinks: payment landing pages, created through the API or by an import."""
