"""A safe evaluator for the XLSForm (ODK XPath) expressions of report formats.

Formats carry three kinds of expression: ``relevant`` (ask question 5 only if question 4 is
yes: ``${q4} = 'yes'``), ``constraint`` (``. >= 0 and . <= 100``, where ``.`` is the value
being checked) and ``calculation`` (``${adults} + ${young}``). This module parses the subset
of XPath those columns use into a small tree and walks it; it never calls Python's ``eval``.

Values follow XPath 1.0 as ODK applies it: an unanswered question is the empty string, which
is "not a number" in arithmetic (the result is then ``None``); ``=`` compares as booleans if
either side is one, else as dates, else as numbers if either side is one, else as strings;
``<`` and friends compare dates when either side is one (``. <= today()``), else numbers. A
multiple-choice answer may be a list or a space-separated string, as XLSForm stores it.

``parse`` raises ``ExpressionError`` with a sentence the format's author can act on and the
0-based ``position`` of the fault. Evaluating gives ``None`` for bad data rather than raising;
it raises ``ExpressionError`` only for a regular expression that is built at run time and
turns out to be invalid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, TypeAlias

# What a sub-expression evaluates to. ``None`` is XPath's NaN: a number that is not one.
Value: TypeAlias = str | Decimal | bool | dt.date | list[Any] | None

# Far beyond any real form; they keep hostile text from exhausting the stack.
MAX_NESTING = 40  # parentheses, unary minus and function calls inside one another
MAX_DEPTH = 200  # operations inside one another, e.g. the 200 "+" of a long sum


class ExpressionError(ValueError):
    """An expression that cannot be read (or, rarely, evaluated), and where it went wrong."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class _Node:
    """A node of the parsed tree. ``kind`` is "literal" (``value`` a str or Decimal), "ref"
    (``value`` the question name), "current" (``.``), "negate", "op" (``value`` the operator,
    two ``args``) or "call" (``value`` the function name)."""

    kind: str
    value: str | Decimal = ""
    args: tuple[_Node, ...] = ()


# Conversions, as XPath's string(), number() and boolean().
_NUMBER = re.compile(r"\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*")
_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+Z-]*)?\s*")


def _plain(number: Decimal) -> str:
    """A number as XPath writes it: no exponent, no trailing zeros, no "-0"."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _string(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, list):
        return " ".join(_string(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _number(value: Value) -> Decimal | None:
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal) or value is None:
        return value
    if isinstance(value, dt.date):
        return Decimal((value - dt.date(1970, 1, 1)).days)
    match = _NUMBER.fullmatch(_string(value))
    return Decimal(match.group(1)) if match else None


def _boolean(value: Value) -> bool:
    if isinstance(value, Decimal):
        return not value.is_zero()
    if isinstance(value, dt.date):
        return True
    return bool(value)


def _date(value: Value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    match = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    try:
        return dt.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def _items(value: Value) -> list[str]:
    """The choices of a multiple-choice answer, from a list or a space-separated string."""
    if isinstance(value, list):
        return [text for item in value if (text := _string(item).strip())]
    return _string(value).split()


def _load(value: Any) -> Value:
    """An answer as the evaluator sees it: numbers as Decimal, unanswered as ''."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        return number if number.is_finite() else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, list | tuple):
        return [_load(item) for item in value]
    return str(value)


def _round(value: Value, places: Value = Decimal(0)) -> Value:
    number, digits = _number(value), _number(places)
    if number is None or digits is None or abs(digits) > 100:
        return None
    try:
        return number.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    except ArithmeticError:  # More digits than a Decimal keeps: not a number.
        return None


def _sum(value: Value) -> Value:
    """The sum of a list's numbers; unanswered items are skipped, a non-number gives NaN."""
    total = Decimal(0)
    for item in value if isinstance(value, list) else [value]:
        if _string(item) == "":
            continue
        number = _number(item)
        if number is None:
            return None
        total += number
    return total


def _regex(value: Value, pattern: Value) -> Value:
    try:
        return re.search(_string(pattern), _string(value)) is not None
    except re.error as error:
        raise ExpressionError(f"The pattern of regex() is not valid: {error}.") from error


def _on_number(function: Callable[[Decimal], Decimal]) -> Callable[[Value], Value]:
    def apply(value: Value) -> Value:
        number = _number(value)
        return None if number is None else function(number)

    return apply


# name -> (fewest arguments, most arguments or None for any, implementation). ``if`` is
# evaluated lazily in ``_eval``: only the chosen branch is worked out.
_FUNCTIONS: dict[str, tuple[int, int | None, Callable[..., Value] | None]] = {
    "if": (3, 3, None),
    "selected": (2, 2, lambda value, choice: _string(choice).strip() in _items(value)),
    "count-selected": (1, 1, lambda value: Decimal(len(_items(value)))),
    "not": (1, 1, lambda value: not _boolean(value)),
    "string-length": (1, 1, lambda value: Decimal(len(_string(value)))),
    "number": (1, 1, _number),
    "int": (1, 1, _on_number(lambda n: n.to_integral_value(rounding=ROUND_DOWN))),
    "round": (1, 2, _round),
    "sum": (1, 1, _sum),
    "coalesce": (2, None, lambda *values: next((v for v in values if _string(v)), "")),
    "concat": (0, None, lambda *values: "".join(_string(value) for value in values)),
    "today": (0, 0, lambda: dt.date.today()),
    "true": (0, 0, lambda: True),
    "false": (0, 0, lambda: False),
    "regex": (2, 2, _regex),
    "string": (1, 1, _string),
    "boolean": (1, 1, _boolean),
    "contains": (2, 2, lambda text, part: _string(part) in _string(text)),
    "starts-with": (2, 2, lambda text, part: _string(text).startswith(_string(part))),
    "ends-with": (2, 2, lambda text, part: _string(text).endswith(_string(part))),
    "floor": (1, 1, _on_number(lambda n: n.to_integral_value(rounding=ROUND_FLOOR))),
    "ceiling": (1, 1, _on_number(lambda n: n.to_integral_value(rounding=ROUND_CEILING))),
    "abs": (1, 1, _on_number(abs)),
}
SUPPORTED_FUNCTIONS = frozenset(_FUNCTIONS)
# Functions of ODK/XLSForm a format may contain but this evaluator does not offer.
UNSUPPORTED_FUNCTIONS = frozenset(
    {
        "indexed-repeat", "position", "jr:choice-name", "pulldata", "once", "uuid", "now",
        "date", "date-time", "decimal-date-time", "format-date", "format-date-time", "substr",
        "substring-before", "substring-after", "translate", "normalize-space", "join",
        "min", "max", "pow", "random", "selected-at", "count", "count-non-empty", "digest",
        "area", "distance", "jr:itext", "instance", "current", "last",
    }
)  # fmt: skip


# Tokens: (kind, text, position). Kinds: num, str, ref, dot, name, op, end.
_NAME = r"[A-Za-z_](?:[A-Za-z0-9_.]|-(?=[A-Za-z]))*"  # A hyphen in a name only before a letter.
_TOKEN = re.compile(
    rf"""(?P<space>\s+)
    | (?P<num>\d+(?:\.\d*)?|\.\d+)
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<ref>\$\{{\s*[A-Za-z_][A-Za-z0-9_.-]*\s*\}})
    | (?P<name>{_NAME}(?::{_NAME})?)
    | (?P<op>!=|<=|>=|[=<>+\-*(),])
    | (?P<dot>\.)""",
    re.VERBOSE,
)
_WORD_OPERATORS = frozenset({"or", "and", "div", "mod"})
_LEVELS: tuple[frozenset[str], ...] = (  # XPath's precedence, loosest first
    frozenset({"or"}),
    frozenset({"and"}),
    frozenset({"=", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "div", "mod"}),
)


def _at(position: int) -> str:
    return f"at character {position + 1}"


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            if char in "'\"":
                raise ExpressionError(
                    f"The quote {char} opened {_at(position)} is not closed.", position
                )
            if text.startswith("${", position) and "}" not in text[position:]:
                raise ExpressionError(f"The ${{ {_at(position)} is not closed with }}.", position)
            if text.startswith("${", position):
                raise ExpressionError(
                    f"Write a question's name inside ${{...}} {_at(position)}, e.g. ${{q4}}.",
                    position,
                )
            hint = "; refer to a question as ${name}" if char in "/$@[" else ""
            raise ExpressionError(f"Unexpected character '{char}' {_at(position)}{hint}.", position)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append((kind, match.group(), position))
        position = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    """Recursive descent over XPath's precedence levels."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.nesting = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def advance(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def operator(self, level: int) -> str | None:
        kind, text, _position = self.peek()
        is_operator = kind == "op" or (kind == "name" and text in _WORD_OPERATORS)
        return text if is_operator and text in _LEVELS[level] else None

    def expression(self, level: int = 0) -> _Node:
        if level == len(_LEVELS):
            return self.unary()
        node = self.expression(level + 1)
        while (op := self.operator(level)) is not None:
            self.advance()
            node = _Node("op", op, (node, self.expression(level + 1)))
        return node

    def unary(self) -> _Node:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExpressionError("The expression is nested too deeply.", self.peek()[2])
        if self.peek()[:2] == ("op", "-"):
            self.advance()
            node = _Node("negate", args=(self.unary(),))
        else:
            node = self.primary()
        self.nesting -= 1
        return node

    def primary(self) -> _Node:
        kind, text, position = self.advance()
        if kind == "num":
            return _Node("literal", Decimal(text))
        if kind == "str":
            return _Node("literal", text[1:-1])
        if kind == "ref":
            return _Node("ref", text[2:-1].strip())
        if kind == "dot":
            return _Node("current")
        if kind == "op" and text == "(":
            node = self.expression()
            if self.advance()[1] != ")":
                raise ExpressionError(f"Unclosed parenthesis opened {_at(position)}.", position)
            return node
        if kind == "name" and self.peek()[:2] == ("op", "("):
            return self.call(text, position)
        if kind == "name":
            raise ExpressionError(
                f"Unexpected word '{text}' {_at(position)}: write ${{{text}}} for a question, "
                f"or {text}() for a function.",
                position,
            )
        if kind == "end":
            raise ExpressionError("The expression ends where a value is expected.", position)
        raise ExpressionError(f"Expected a value {_at(position)}, found '{text}'.", position)

    def call(self, name: str, position: int) -> _Node:
        if name in UNSUPPORTED_FUNCTIONS:
            raise ExpressionError(
                f"The function '{name}' {_at(position)} is not supported in report formats.",
                position,
            )
        if name not in _FUNCTIONS:
            raise ExpressionError(f"Unknown function '{name}' {_at(position)}.", position)
        opening = self.advance()[2]
        args: list[_Node] = []
        if self.peek()[:2] != ("op", ")"):
            args.append(self.expression())
            while self.peek()[:2] == ("op", ","):
                self.advance()
                args.append(self.expression())
        if self.advance()[1] != ")":
            raise ExpressionError(f"Unclosed parenthesis opened {_at(opening)}.", opening)
        fewest, most, _function = _FUNCTIONS[name]
        if len(args) < fewest or (most is not None and len(args) > most):
            if most is None:
                wanted = f"at least {fewest} arguments"
            elif most != fewest:
                wanted = f"{fewest} or {most} arguments"
            else:
                wanted = f"{fewest} argument" + ("" if fewest == 1 else "s")
            raise ExpressionError(
                f"{name}() {_at(position)} takes {wanted}, not {len(args)}.", position
            )
        if name == "regex" and args[1].kind == "literal":
            try:
                re.compile(str(args[1].value))
            except re.error as error:
                raise ExpressionError(
                    f"The pattern of regex() {_at(position)} is not valid: {error}.", position
                ) from error
        return _Node("call", name, tuple(args))


@dataclass(frozen=True)
class Expression:
    """A parsed expression, immutable and shared through the parse cache."""

    text: str
    root: _Node
    names: frozenset[str]

    def references(self) -> set[str]:
        """The names of the questions the expression refers to as ``${name}``."""
        return set(self.names)

    def evaluate(self, values: Mapping[str, Any], current: Any = None) -> Any:
        """The value given the answers by question name and the value ``.`` stands for: a
        Decimal, str, bool, date or list, or None for "not a number"."""
        return _eval(self.root, values, _load(current))


def _references(root: _Node) -> frozenset[str]:
    """The question names in the tree, refusing trees too deep to evaluate. Walks without
    recursing: a long chain of operators is deep without being nested."""
    names: set[str] = set()
    stack: list[tuple[_Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError("The expression is too long; split it over several questions.")
        if node.kind == "ref":
            names.add(str(node.value))
        stack.extend((arg, depth + 1) for arg in node.args)
    return frozenset(names)


@lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse an XLSForm expression, or raise ExpressionError saying what to fix and where."""
    if not text.strip():
        raise ExpressionError("The expression is empty.", 0)
    parser = _Parser(text)
    root = parser.expression()
    kind, token, position = parser.peek()
    if kind != "end":
        if token == ")":
            raise ExpressionError(f"Unexpected ')' {_at(position)}: nothing opened it.", position)
        raise ExpressionError(f"Unexpected '{token}' {_at(position)}.", position)
    return Expression(text=text, root=root, names=_references(root))


def _compare(op: str, left: Value, right: Value) -> bool:
    if op in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            equal = _boolean(left) == _boolean(right)
        elif isinstance(left, dt.date) or isinstance(right, dt.date):
            equal = _date(left) is not None and _date(left) == _date(right)
        elif isinstance(left, Decimal) or isinstance(right, Decimal):
            a, b = _number(left), _number(right)
            equal = a is not None and b is not None and a == b
        else:
            equal = _string(left) == _string(right)
        return equal if op == "=" else not equal
    x: Decimal | dt.date | None
    y: Decimal | dt.date | None
    if isinstance(left, dt.date) or isinstance(right, dt.date):
        x, y = _date(left), _date(right)
    elif (x := _date(left)) is None or (y := _date(right)) is None:
        x, y = _number(left), _number(right)
    if x is None or y is None:
        return False
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]  # type: ignore[operator]


def _arithmetic(op: str, left: Value, right: Value) -> Value:
    a, b = _number(left), _number(right)
    if a is None or b is None or (op in ("div", "mod") and b.is_zero()):
        return None
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        return a / b if op == "div" else a % b
    except ArithmeticError:  # Overflow and friends: "not a number", as XPath would say.
        return None


def _eval(node: _Node, values: Mapping[str, Any], current: Value) -> Value:
    kind, name, args = node.kind, str(node.value), node.args
    if kind == "literal":
        return node.value
    if kind == "ref":
        return _load(values.get(name))
    if kind == "current":
        return current
    if kind == "negate":
        number = _number(_eval(args[0], values, current))
        return None if number is None else -number
    if kind == "op" or name == "if":
        first = _eval(args[0], values, current)
        if name in ("or", "and"):
            # Short-circuit, as XPath does: the right side is not evaluated when not needed.
            if _boolean(first) == (name == "or"):
                return name == "or"
            return _boolean(_eval(args[1], values, current))
        if name == "if":
            return _eval(args[1 if _boolean(first) else 2], values, current)
        second = _eval(args[1], values, current)
        if name in ("+", "-", "*", "div", "mod"):
            return _arithmetic(name, first, second)
        return _compare(name, first, second)
    function = _FUNCTIONS[name][2]
    assert function is not None
    return function(*(_eval(arg, values, current) for arg in args))


def evaluate(text: str, values: Mapping[str, Any], current: Any = None) -> Any:
    """Parse (through the cache) and evaluate ``text``; see ``Expression.evaluate``."""
    return parse(text).evaluate(values, current)


def is_relevant(text: str, values: Mapping[str, Any]) -> bool:
    """Whether a question (or section) with this ``relevant`` condition is asked.

    An empty condition is always relevant, and so is one that cannot be parsed or evaluated:
    a question is never hidden by mistake.
    """
    if not text.strip():
        return True
    try:
        return _boolean(evaluate(text, values))
    except ExpressionError:
        return True


def calculate(text: str, values: Mapping[str, Any]) -> Decimal | str | None:
    """The value of a ``calculation``: a Decimal for a number, a str otherwise (a boolean is
    "true" or "false", a date "YYYY-MM-DD"), None when empty or not a number.

    Raises ExpressionError when the text does not parse.
    """
    if not text.strip():
        return None
    result: Value = evaluate(text, values)
    if isinstance(result, Decimal):
        return Decimal(_plain(result))
    return _string(result) or None
