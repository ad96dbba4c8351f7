"""Ariadne bindings of the import service: read the arguments, call the service, return."""

from ariadne import ObjectType

from ..search_arguments import search_from_arguments

query = ObjectType("ImportQuery")
mutation = ObjectType("ImportMutation")


@query.field("batches")
def resolve_batches(_, info, filters=None, offset=0, limit=20):
    return info.context.world.imports.search(search_from_arguments(filters, None, offset, limit))


@mutation.field("addRecords")
def resolve_add_records(_, info, file=None, rows=None):
    return info.context.world.imports.add_records(rows, file)


bindables = [query, mutation]
