"""The survey sheet read into a plan: groups become sections, repeats repeated sections,
XLSForm types ours (see ``xlsform_plan`` for the plan and the other sheets)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from meahub.reporting import expressions
from meahub.reporting.enums import QuestionType, RepeatSource
from meahub.reporting.services.xlsform_plan import (
    CONTROL_TYPE,
    DROPPED_COLUMN_REASONS,
    FALSE_WORDS,
    RANGE_PART,
    SELECT_TYPE,
    SIMPLE_TYPES,
    TRUE_WORDS,
    Columns,
    Plan,
    PlannedList,
    PlannedQuestion,
    PlannedSection,
    cell,
    read_choices,
    read_settings,
)


def _range(constraint: str) -> tuple[Decimal | None, Decimal | None] | None:
    """``. >= 0`` or ``. >= 0 and . <= 100`` → (0, 100); None for anything else."""
    low = high = None
    for part in re.split(r"\s+and\s+", constraint.strip()):
        match = RANGE_PART.match(part.strip())
        if match is None:
            return None
        if match.group(1) == ">=":
            low = Decimal(match.group(2)) if low is None else max(low, Decimal(match.group(2)))
        else:
            high = Decimal(match.group(2)) if high is None else min(high, Decimal(match.group(2)))
    return low, high


def plan_form(
    *, survey: list[dict[str, Any]], choices: list[dict[str, Any]], settings: dict[str, Any]
) -> Plan:
    """Read the rows into a plan (see the module docstring); never raises for bad rows."""
    plan = Plan()
    default = read_settings(plan, settings)
    lists = read_choices(plan, choices, default)
    reader = SurveyReader(plan, lists, survey, default)
    reader.read()
    used_languages: set[str] = set()
    for section in plan.sections:
        used_languages.update([*section.title, *section.help])
    for question in plan.questions:
        used_languages.update([*question.label, *question.help])
    for planned in lists.values():
        used_languages.update(code for choice in planned.choices for code in choice.label)
    plan.languages = [code for code in plan.languages if code in used_languages] or [default]
    used = {q.list_name for q in plan.questions if q.list_name}
    used |= {s.repeat_list for s in plan.sections if s.repeat_list}
    for planned in lists.values():
        if planned.name in used:
            plan.lists.append(planned)
        elif planned.name not in reader.inline_lists:
            plan.drop(
                "choices",
                planned.row,
                planned.name,
                f"No question or repeated group meahub keeps uses the list '{planned.name}'.",
            )
    return plan


class SurveyReader:
    """Walks the survey rows once, keeping the open groups on a stack."""

    def __init__(
        self,
        plan: Plan,
        lists: dict[str, PlannedList],
        survey: list[dict[str, Any]],
        default: str,
    ) -> None:
        self.plan, self.lists, self.survey, self.default = plan, lists, survey, default
        headers = list(dict.fromkeys(key for row in survey for key in row))
        self.columns = Columns(plan, "survey", headers, default)
        self.stack: list[PlannedSection] = []
        self.form_section: PlannedSection | None = None
        self.position = 0
        self.inline_lists: set[str] = set()  # lists used as yes/no or table rows and columns
        self.dropped_names: dict[str, str] = {}  # question name → why it was left out
        self.names: dict[str, int] = {}  # our question names → row
        self.section_names: dict[str, int] = {}
        self.lineages: dict[str, int] = {}  # meahub::lineage → row

    def next_position(self) -> int:
        self.position += 1
        return self.position

    def read(self) -> None:
        for number, row in enumerate(self.survey, start=2):
            kind = " ".join(self.columns.get(row, "type").split())
            if kind:
                self.read_row(number, row, kind)
        if self.form_section is not None:
            name = self.form_section.name
            while name in self.section_names:
                name = f"{name}_form"[:64]
            self.form_section.name = name
        self.check_expressions()

    def drop_columns(self, number: int, row: dict[str, Any], *, allowed: set[str]) -> None:
        for header in self.columns.dropped:
            if value := cell(row, header):
                reason = DROPPED_COLUMN_REASONS.get(header.split("::")[0].lower())
                reason = reason or "meahub does not read this column"
                self.plan.drop("survey", number, header, f"{reason} (the value was '{value}').")
        for name, header in self.columns.plain.items():
            if name in allowed or not (value := cell(row, header)):
                continue
            if name == "appearance":
                reason = f"meahub lays out its pages itself; the appearance '{value}' is not used."
            else:
                reason = f"'{value}' does not apply to this row, so it is not used."
            self.plan.drop("survey", number, header, reason)

    def read_row(self, number: int, row: dict[str, Any], kind: str) -> None:
        control = CONTROL_TYPE.match(kind)
        if control:
            if control.group(1).lower() == "begin":
                self.begin_section(number, row, repeated=control.group(2).lower() == "repeat")
            elif self.stack:
                self.stack.pop()
            return
        question = self.read_question(number, row, kind)
        if question is not None:
            if question.name in self.names:
                self.plan.error(
                    "survey",
                    number,
                    f"The name '{question.name}' is used already "
                    f"on row {self.names[question.name]}; names must be unique in a "
                    "report format.",
                )
            self.names[question.name] = number
            if question.lineage and question.lineage in self.lineages:
                self.plan.error(
                    "survey",
                    number,
                    f"The meahub::lineage '{question.lineage}' is on row "
                    f"{self.lineages[question.lineage]} already; a question appears once in a "
                    "report format.",
                )
            self.lineages.setdefault(question.lineage, number)
            self.plan.questions.append(question)

    def begin_section(self, number: int, row: dict[str, Any], *, repeated: bool) -> None:
        columns = self.columns
        name = columns.get(row, "name")
        allowed = {"type", "name", "relevant", "meahub::number", "meahub::lineage"}
        if name in self.section_names:
            self.plan.error(
                "survey",
                number,
                f"A group named '{name}' is on row "
                f"{self.section_names[name]} already; group names must be unique in a "
                "report format.",
            )
        self.section_names[name] = number
        section = PlannedSection(
            name=name,
            row=number,
            title=columns.texts(row, "label") or {self.default: name},
            help=columns.texts(row, "hint"),
            relevant=columns.get(row, "relevant"),
            number=columns.get(row, "meahub::number"),
            lineage=columns.get(row, "meahub::lineage"),
            position=self.next_position(),
            parent=self.stack[-1] if self.stack else None,
        )
        if repeated:
            allowed.add("meahub::repeat_over")
            if any(s.repeat_source for s in self.stack):
                self.plan.drop(
                    "survey",
                    number,
                    "begin_repeat",
                    f"The repeat '{name}' is inside "
                    "another repeat; meahub repeats one level only, so it is kept as a "
                    "plain sub-section of the outer repeat.",
                )
            else:
                self.set_repeat(section, number, columns.get(row, "meahub::repeat_over"))
        self.drop_columns(number, row, allowed=allowed)
        self.stack.append(section)
        self.plan.sections.append(section)

    def set_repeat(self, section: PlannedSection, number: int, over: str) -> None:
        if not over:
            section.repeat_source = RepeatSource.FREE
        elif over.lower() == "species":
            section.repeat_source = RepeatSource.SPECIES
        elif over.lower().startswith("choices:"):
            list_name = over.split(":", 1)[1].strip()
            if list_name not in self.lists:
                self.plan.error(
                    "survey",
                    number,
                    f"meahub::repeat_over names the list "
                    f"'{list_name}', which is not on the choices sheet.",
                )
            section.repeat_source, section.repeat_list = RepeatSource.CHOICES, list_name
        else:
            self.plan.error(
                "survey",
                number,
                f"meahub::repeat_over '{over}' is not understood; "
                "write 'species', 'choices:<list name>', or leave it empty.",
            )

    def current_section(self) -> PlannedSection:
        if self.stack:
            return self.stack[-1]
        if self.form_section is None:
            name = re.sub(r"[^A-Za-z0-9_]+", "_", self.plan.form_id or self.plan.title)
            name = name.strip("_").lower()
            name = name if name and not name[0].isdigit() else f"form_{name}".rstrip("_")
            title = self.plan.title or self.plan.form_id or name
            self.form_section = PlannedSection(
                name=name[:64],
                row=0,
                title={self.default: title},
                help={},
                relevant="",
                number="",
                lineage="",
                position=self.next_position(),
            )
            self.plan.sections.append(self.form_section)
        return self.form_section

    def read_question(self, number: int, row: dict[str, Any], kind: str) -> PlannedQuestion | None:
        columns, plan = self.columns, self.plan
        name = columns.get(row, "name")
        select = SELECT_TYPE.match(kind)
        base = kind.lower()
        if select is None and base not in SIMPLE_TYPES:
            plan.drop(
                "survey",
                number,
                kind.split()[0],
                f"meahub report formats have no "
                f"'{kind.split()[0]}' questions; the question '{name}' is left out.",
            )
            self.dropped_names[name] = f"row {number}: type '{kind.split()[0]}' is not supported"
            return None
        meahub_type = columns.get(row, "meahub::type")
        allowed = {"type", "name", "relevant", "meahub::number", "meahub::lineage"}
        question = PlannedQuestion(
            name=name,
            row=number,
            section=self.current_section(),
            type=QuestionType.TEXT,
            label=columns.texts(row, "label") or {self.default: name},
            help=columns.texts(row, "hint"),
            position=self.next_position(),
            relevant=columns.get(row, "relevant"),
            number=columns.get(row, "meahub::number"),
            lineage=columns.get(row, "meahub::lineage"),
        )
        if meahub_type:
            allowed |= {"meahub::type", "meahub::rows", "meahub::columns", "required"}
            self.read_table(question, number, row, meahub_type)
        elif select is not None:
            allowed.add("required")
            self.read_select(question, number, select)
        else:
            question.type = SIMPLE_TYPES[base]
            allowed |= self.read_simple(question, number, row, base)
        if "required" in allowed:
            self.read_required(question, number, columns.get(row, "required"))
        self.drop_columns(number, row, allowed=allowed)
        return question

    def read_simple(
        self, question: PlannedQuestion, number: int, row: dict[str, Any], base: str
    ) -> set[str]:
        columns = self.columns
        allowed = set()
        if question.type == QuestionType.CALCULATED:
            question.calculation = columns.get(row, "calculation")
            return {"calculation"}
        if question.type != QuestionType.NOTE:
            allowed.add("required")
        appearance = columns.get(row, "appearance")
        if base == "text" and appearance.lower() == "multiline":
            question.type = QuestionType.LONG_TEXT
            allowed.add("appearance")
        if question.type in (QuestionType.INTEGER, QuestionType.DECIMAL):
            allowed |= {"meahub::unit", "constraint"}
            question.unit = columns.get(row, "meahub::unit")
            constraint = columns.get(row, "constraint")
            bounds = _range(constraint) if constraint else (None, None)
            if bounds is None:
                self.plan.drop(
                    "survey",
                    number,
                    "constraint",
                    f"Only a range on '.' is kept "
                    f"(. >= 0 and . <= 100); the constraint '{constraint}' is left out.",
                )
            else:
                question.min_value, question.max_value = bounds
        return allowed

    def read_select(self, question: PlannedQuestion, number: int, select: re.Match[str]) -> None:
        multiple = select.group(1).lower() in ("select_multiple", "select all that apply")
        list_name, has_other = select.group(2), bool(select.group(3))
        planned = self.lists.get(list_name)
        names = [c.name for c in planned.choices] if planned else []
        if not multiple and not has_other and sorted(names) == ["no", "yes"]:
            question.type = QuestionType.YES_NO
            self.inline_lists.add(list_name)
            return
        question.type = QuestionType.MULTIPLE_CHOICE if multiple else QuestionType.SINGLE_CHOICE
        question.list_name, question.has_other = list_name, has_other
        if planned is None:
            self.plan.error(
                "survey", number, f"The list '{list_name}' is not on the choices sheet."
            )

    def read_table(
        self, question: PlannedQuestion, number: int, row: dict[str, Any], meahub_type: str
    ) -> None:
        if meahub_type.lower() != "table":
            self.plan.error(
                "survey",
                number,
                f"meahub::type '{meahub_type}' is not understood; the only one is 'table'.",
            )
            return
        question.type = QuestionType.TABLE
        for column, target in (
            ("meahub::rows", "table_rows"),
            ("meahub::columns", "table_columns"),
        ):
            list_name = self.columns.get(row, column)
            planned = self.lists.get(list_name)
            if planned is None:
                self.plan.error(
                    "survey",
                    number,
                    f"A table needs {column}: the name of a list "
                    f"on the choices sheet ('{list_name}' is not there).",
                )
                continue
            self.inline_lists.add(list_name)
            entries: list[dict[str, Any]] = [
                {"name": c.name, "label": c.label} for c in planned.choices
            ]
            if target == "table_columns":
                for entry, choice in zip(entries, planned.choices, strict=True):
                    entry["type"] = choice.column_type
            setattr(question, target, entries)

    def read_required(self, question: PlannedQuestion, number: int, value: str) -> None:
        if not value or value.lower() in FALSE_WORDS:
            return
        if value.lower() in TRUE_WORDS:
            question.required = True
            return
        self.plan.drop(
            "survey",
            number,
            "required",
            f"A condition on 'required' ('{value}') is "
            "not supported; the question is optional (use 'relevant' to ask it only "
            "when it applies, and make it required).",
        )

    def check_expressions(self) -> None:
        """Conditions and calculations must parse and name questions we keep."""
        items: list[tuple[int, str, str]] = [
            (s.row, "relevant", s.relevant) for s in self.plan.sections
        ]
        for q in self.plan.questions:
            items += [(q.row, "relevant", q.relevant), (q.row, "calculation", q.calculation)]
        for number, column, text in items:
            if not text:
                continue
            try:
                names = expressions.parse(text).references()
            except expressions.ExpressionError as error:
                self.plan.error("survey", number, f"{column}: {error.message}")
                continue
            for name in sorted(names - set(self.names)):
                why = self.dropped_names.get(name)
                detail = (
                    f"which is left out ({why})" if why else "which is not a question of the form"
                )
                self.plan.error("survey", number, f"{column} refers to ${{{name}}}, {detail}.")
