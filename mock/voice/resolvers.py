"""Ariadne bindings of the voice service."""

from ariadne import ObjectType

mutation = ObjectType("VoiceMutation")


@mutation.field("stopCalling")
def resolve_stop_calling(_, info, script_id, reference):
    return info.context.world.voice.stop_calling(script_id, reference)


bindables = [mutation]
