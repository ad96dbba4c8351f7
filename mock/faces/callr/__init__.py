"""The CALLR face: the JSON-RPC 2.0 API of the CALLR telephony and SMS provider, as the official
`callr` SDK calls it, on the tenant's clock, ids and events. See account.py for what a tenant holds."""

from .account import CallrAccount, CallrState, magic_table

__all__ = ["CallrAccount", "CallrState", "magic_table"]
