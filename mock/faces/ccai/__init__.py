"""The CCAI Platform (formerly UJET) Call API: calls created through /apps/api/v1/calls that move
through their statuses on the tenant's clock."""
