"""An integrator's application, as a shop that bills through the reminders platform would write
it: a job that sends a PayLink for each open invoice, a mandate request, and the webhook handler
that marks invoices paid and records reminder calls. It knows nothing of the mock; only its
tests (examples/test_invoicing.py) point it there."""

from .shop import Invoice, Shop

__all__ = ["Invoice", "Shop"]
