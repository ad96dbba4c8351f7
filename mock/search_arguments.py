"""The GraphQL API's search arguments (filters, order, offset, limit), shaped the same for every
service, read into the store's Search. The resolvers' concern: the store knows nothing of
GraphQL's `equalTo` or `DESCENDING`."""

from collections.abc import Hashable

from .core.store import DEFAULT_LIMIT, Search


def search_from_arguments(
    filters: dict | None, order: dict | None, offset: int | None, limit: int | None
) -> Search:
    """The API's search arguments, the same for every service, as a store Search.

    `{"status": {"equal_to": "paid"}}` filters on the index named `status`; a list, as
    `attributes`, must match in every element ({id, equal_to}); `created_on` is a range.
    """
    equal: list[tuple[str, Hashable]] = []
    created: dict = {}
    for name, condition in (filters or {}).items():
        if condition is None:
            continue
        if name == "created_on":
            created = condition
        elif isinstance(condition, list):
            equal.extend((name, (item["id"], item["equal_to"])) for item in condition)
        elif condition.get("equal_to") is not None:
            equal.append((name, condition["equal_to"]))
    return Search(
        equal=tuple(equal),
        created_after=created.get("greater_than"),
        created_before=created.get("lesser_than"),
        descending=(order or {}).get("created_on") == "DESCENDING",
        offset=0 if offset is None else offset,  # an explicit null means the default
        limit=DEFAULT_LIMIT if limit is None else limit,
    )
