"""Mail and SMS: the messages a mail or SMS script sends for its jobs, and how they fare."""

from .model import MESSAGE_OUTCOMES, Message, StatusChange
from .service import Messaging

__all__ = ["MESSAGE_OUTCOMES", "Message", "Messaging", "StatusChange"]
