"""Ariadne bindings of the e-Mandate service: read the arguments, call the service, return."""

from ariadne import ObjectType

from ..search_arguments import search_from_arguments

query = ObjectType("MandateQuery")
mutation = ObjectType("MandateMutation")


@query.field("mandates")
def resolve_mandates(_, info, filters=None, order=None, offset=0, limit=20):
    return info.context.world.mandates.search(search_from_arguments(filters, order, offset, limit))


@mutation.field("create")
def resolve_create(_, info, mandate):
    return info.context.world.mandates.create_from_api(mandate)


bindables = [query, mutation]
