"""Errors the domain raises on purpose; each carries the code clients see in `extensions.code`."""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.alias_generators import to_camel

M = TypeVar("M", bound=BaseModel)


class MockError(Exception):
    """An error meant for the client: a clear message and a stable code."""

    code = "INTERNAL_SERVER_ERROR"
    http_status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def extensions(self) -> dict[str, Any]:
        extensions: dict[str, Any] = {"code": self.code}
        if self.field:
            extensions["field"] = self.field
        return extensions

    @property
    def problems(self) -> "list[MockError]":
        """Each problem this error reports, one per field: only itself, unless it gathers several."""
        return [self]


class BadInput(MockError):
    """Input that does not say what the field expects. Nothing is stored when it is raised."""

    code = "BAD_USER_INPUT"

    @classmethod
    def expected(cls, field: str, expected: str, got: Any) -> "BadInput":
        return cls(f"{field}: {expected}, got {_shown(got)}", field=field)

    @staticmethod
    def together(problems: "Iterable[BadInput]") -> "BadInput":
        """One error for every problem found in an input: the only one, or BadInputs."""
        found = [single for problem in problems for single in problem.problems]
        return found[0] if len(found) == 1 else BadInputs(found)


class BadInputs(BadInput):
    """Several problems with one input, answered together so that the client can fix them all in
    one round trip. GraphQL answers one error per problem; the control API lists them."""

    def __init__(self, problems: "list[BadInput]") -> None:
        # The message holds every problem, for clients that read only the single-error fields.
        super().__init__("; ".join(p.message for p in problems), field=problems[0].field)
        self._problems = problems

    @property
    def problems(self) -> "list[MockError]":
        return list(self._problems)


class NotFound(MockError):
    code = "NOT_FOUND"
    http_status = 404


class Unauthenticated(MockError):
    code = "UNAUTHENTICATED"
    http_status = 401


class Forbidden(MockError):
    code = "FORBIDDEN"
    http_status = 403


def _shown(value: Any) -> str:
    # A moment arrives parsed (GraphQL's DateTime): shown as the client wrote it, not as Python's repr.
    text = repr(value.isoformat() if isinstance(value, datetime) else value)
    return text if len(text) <= 80 else text[:77] + "..."


def field_path(root: str, loc: tuple[Any, ...], spelled: Callable[[str], str] = to_camel) -> str:
    """`("attributes", 1, "id")` under `payLink` → `payLink.attributes[1].id`, in the API's camelCase
    (or as `spelled` writes names: data we dump ourselves keeps pydantic's own names)."""
    path = root
    for part in loc:
        if part == "[key]":
            continue  # pydantic's marker for "the key itself was refused": the path names it already
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            name = spelled(part)
            path = f"{path}.{name}" if path else name
    return path


def parse_input(
    model: type[M],
    data: Any,
    *,
    root: str,
    spelled: Callable[[str], str] = to_camel,
    context: dict[str, Any] | None = None,
) -> M:
    """Validate client input with a pydantic model; every problem becomes a BadInput naming its
    field, raised together. `context` is pydantic's validation context, for checks that need more
    than the input (the moment of creation, say)."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        problems = [_bad_input(root, problem, spelled) for problem in error.errors(include_url=False)]
        raise BadInput.together(problems) from None


def _bad_input(root: str, problem: Any, spelled: Callable[[str], str]) -> BadInput:
    field = field_path(root, problem["loc"], spelled)
    reason = problem_reason(problem)
    if problem["type"] == "missing":
        return BadInput(f"{field}: {reason}", field=field)
    return BadInput.expected(field, reason, problem["input"])


def problem_reason(problem: dict[str, Any]) -> str:
    """What a pydantic problem expected, in our words: no "Value error, " prefix."""
    if problem["type"] == "value_error":
        return str(problem["ctx"]["error"])
    if problem["type"] == "missing":
        return "expected a value, the field is required"
    if problem["type"] == "extra_forbidden":
        return "expected no such field"
    # pydantic says "Input should be a valid string" or "Input should have timezone info": we
    # say "expected a valid string", "expected a value with timezone info".
    message = (
        problem["msg"].replace("Input should be ", "", 1).replace("Input should have ", "a value with ", 1)
    )
    return "expected " + message[0].lower() + message[1:]


class InvalidTransition(MockError):
    """An act the object's status does not allow, such as paying a paid PayLink."""

    code = "INVALID_STATE"
    http_status = 409
