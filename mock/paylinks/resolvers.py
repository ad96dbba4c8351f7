"""Ariadne bindings of the PayLink service: read the arguments, call the service, return."""

from ariadne import ObjectType

from ..search_arguments import search_from_arguments

query = ObjectType("PayLinkQuery")
mutation = ObjectType("PayLinkMutation")


@query.field("payLinks")
def resolve_pay_links(_, info, filters=None, order=None, offset=0, limit=20):
    return info.context.world.paylinks.search(search_from_arguments(filters, order, offset, limit))


@mutation.field("create")
def resolve_create(_, info, pay_link):
    return info.context.world.paylinks.create_from_api(pay_link)


bindables = [query, mutation]
