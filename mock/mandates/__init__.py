"""E-Mandates: SEPA direct-debit mandates the debtor signs on a landing page."""
