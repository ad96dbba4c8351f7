"""Mail and SMS: the messages a mail or SMS script sends for its jobs, and how they fare."""

from mock.messaging.model import MESSAGE_OUTCOMES, Message, StatusChange
from mock.messaging.service import Messaging

__all__ = ["MESSAGE_OUTCOMES", "Message", "Messaging", "StatusChange"]
