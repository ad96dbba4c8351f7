"""The pages a person opens in a browser: PayLink and mandate landing pages (`landing`), rendered
with the one Jinja2 environment every page shares (`templates`)."""
