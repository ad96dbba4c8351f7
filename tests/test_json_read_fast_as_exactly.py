"""orjson reads request bodies only where it reads them as the standard library does: whatever
it answers, the exact reading answers the same, to the type; whatever the exact reading
refuses, orjson leaves to it, so the refusal keeps its words."""

import json

from hypothesis import given
from hypothesis import strategies as st

from reminders_mock.bodies import _UNSURE, MAX_JSON_DEPTH, _exact_json, _plain_json, dumps
from reminders_mock.core.errors import BadInput

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**45), max_value=10**45)
    | st.floats()
    | st.text()
    | st.sampled_from(["\ud800", "\udfff", "x\ud83d", "é", "\x00"])
)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)
)


def texts_of(value: object) -> st.SearchStrategy[str]:
    return st.sampled_from([json.dumps(value), json.dumps(value, ensure_ascii=False)])


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@given(
    documents.flatmap(texts_of)
    | st.text()
    | st.sampled_from([nested(MAX_JSON_DEPTH + n) for n in range(-1, 3)])
)
def test_orjson_answers_only_what_the_exact_reading_answers(text):
    try:
        exact = repr(_exact_json(text))
    except BadInput:
        exact = None
    plain = _plain_json(text)
    if plain is not _UNSURE:
        assert repr(plain) == exact
    for data in (text, text.encode("utf-8", "surrogatepass")):
        plain = _plain_json(data)
        assert plain is _UNSURE or repr(plain) == exact


@given(documents)
def test_answers_are_written_as_the_standard_library_reads_them(value):
    try:
        expected = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return  # not JSON: no answer holds it
    assert json.loads(dumps(value)) == json.loads(expected)
