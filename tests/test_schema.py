"""schema.graphql documents itself: the real API is explored through introspection."""

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, build_schema

from reminders_mock import resources

SCHEMA = build_schema(resources.schema_path().read_text(encoding="utf-8"))
OWN_TYPES = [
    t
    for name, t in SCHEMA.type_map.items()
    if not name.startswith("__") and name not in {"String", "Int", "Float", "Boolean", "ID"}
]


def test_every_type_has_a_description():
    assert [t.name for t in OWN_TYPES if not t.description] == []


def test_every_field_and_argument_has_a_description():
    missing = []
    for t in OWN_TYPES:
        if isinstance(t, GraphQLObjectType | GraphQLInputObjectType):
            for name, field in t.fields.items():
                if not field.description:
                    missing.append(f"{t.name}.{name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{t.name}.{name}({arg_name})")
    assert missing == []


def test_every_enum_value_has_a_description():
    missing = [
        f"{t.name}.{v}"
        for t in OWN_TYPES
        if isinstance(t, GraphQLEnumType)
        for v, value in t.values.items()
        if not value.description
    ]
    assert missing == []


def test_row_input_has_the_thirteen_documented_fields():
    assert set(SCHEMA.type_map["RowInput"].fields) == {
        "reference",
        "script",
        "personFamilyName",
        "toMailAddress",
        "toPhoneNumbers",
        "invoiceDescription",
        "invoiceDate",
        "invoiceDueDate",
        "invoiceReference",
        "invoiceCurrency",
        "invoiceAmount",
        "invoiceNumber",
        "personBirthDay",
    }


def test_statuses_are_the_documented_ones():
    def values(name):
        return list(SCHEMA.type_map[name].values)

    assert values("BatchStatus") == ["empty", "queued", "running", "done", "error"]
    assert values("RecordStatus") == [
        "notLoaded",
        "loaded",
        "rejected",
        "accepted",
        "enriching",
        "created",
        "updated",
        "dropped",
    ]
    assert values("PayLinkStatus") == [
        "ready",
        "started",
        "partially_paid",
        "paid",
        "cancelled",
        "failed",
    ]
    assert values("MandateStatus") == ["new", "pending", "success"]
