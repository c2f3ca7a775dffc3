"""The JSON Schema's errors in an editor's words: what is wrong, where, and what is allowed."""

from __future__ import annotations

import difflib

from jsonschema.exceptions import ValidationError

from .social import PLATFORMS, suggest_handle
from .yamlsource import DataPath, SourceDocument

# Old names people still type for a key that changed.
KNOWN_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram"}


def field_name(path: DataPath) -> str:
    """("location", "country") -> "location.country"; ("topics", 1) -> "topics[2]"."""
    name = ""
    for step in path:
        name += f"[{step + 1}]" if isinstance(step, int) else f"{'.' if name else ''}{step}"
    return name or "the file"


def closest(value: object, allowed: list[str]) -> str:
    """ " (did you mean 'x'?)" for the allowed value closest to ``value``, or ""."""
    text = str(value)
    matches = difflib.get_close_matches(text, allowed, n=1, cutoff=0.6)
    # "crisis" for "crisis-communication": the start of a longer key.
    matches = matches or [key for key in allowed if key.startswith(f"{text}-")][:1]
    if not matches and KNOWN_ALIASES.get(text.lower()) in allowed:
        matches = [KNOWN_ALIASES[text.lower()]]
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def allowed_list(allowed: list[str]) -> str:
    return ", ".join(allowed)


def describe(error: ValidationError, document: SourceDocument):
    """Turn a schema error into (position, message) pairs an editor can act on."""
    path = tuple(error.absolute_path)
    name = field_name(path)
    kind = error.validator
    value = error.instance
    if kind == "required":
        for required in error.validator_value:
            if required not in value:
                about = error.schema["properties"][required].get("description", "")
                yield (
                    document.position(path),
                    (f"missing required field '{field_name((*path, required))}': {about}"),
                )
    elif kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in value:
            if key not in allowed:
                yield (
                    document.key_position((*path, key)),
                    (
                        f"unknown field '{field_name((*path, key))}'{closest(key, allowed)}; "
                        f"allowed here: {allowed_list(allowed)}"
                    ),
                )
    elif kind == "type":
        yield document.position(path), describe_type(error, document, path)
    elif kind == "enum" and value is None:
        return  # the type error already says the value is empty
    elif kind == "enum":
        allowed = error.validator_value
        yield (
            document.position(path),
            (
                f"'{name}' is '{value}', which is not allowed{closest(value, allowed)}; "
                f"allowed: {allowed_list(allowed)}"
            ),
        )
    elif kind == "pattern":
        yield document.position(path), describe_pattern(error, path, name)
    elif kind == "maxLength":
        yield (
            document.position(path),
            (
                f"'{name}' is {len(value)} characters long; "
                f"at most {error.validator_value} are allowed"
            ),
        )
    elif kind == "minItems" and error.validator_value > 1:
        yield (
            document.position(path),
            f"'{name}' lists {len(value)}; at least {error.validator_value} are needed",
        )
    elif kind in ("minLength", "minItems"):
        yield document.position(path), f"'{name}' is empty; give a value or remove it"
    elif kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        yield (
            document.position(path),
            f"'{name}' is {value}; allowed: a whole number from {low} to {high}",
        )
    elif kind == "uniqueItems":
        yield document.position(path), f"'{name}' lists the same value twice"
    else:
        yield document.position(path), f"'{name}': {error.message}"


def describe_type(error: ValidationError, document, path: DataPath) -> str:
    name = field_name(path)
    expected = {
        "string": "text",
        "array": "a list",
        "object": "a mapping of fields",
        "integer": "a whole number",
    }.get(error.validator_value, error.validator_value)
    implicit = document.implicit_types.get(path)
    raw = document.raw_scalars.get(path)
    if error.instance is None:
        return f"'{name}' is empty; it must be {expected}"
    if expected == "text" and raw is not None:
        return f"'{name}' must be text, but YAML reads {raw} as a {implicit}; quote it: \"{raw}\""
    found = {
        bool: "yes/no",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(error.instance), type(error.instance).__name__)
    return f"'{name}' must be {expected}, not {found}"


def describe_pattern(error: ValidationError, path: DataPath, name: str) -> str:
    value = error.instance
    allowed = error.schema.get("patternErrorMessage", f"text matching {error.validator_value}")
    suggestion = ""
    if path[:1] == ("social",) and len(path) == 2 and path[1] in PLATFORMS:
        handle = suggest_handle(PLATFORMS[path[1]], value)
        suggestion = f" (did you mean '{handle}'?)" if handle else ""
    return f"'{name}' is '{value}'{suggestion}; allowed: {allowed}"
