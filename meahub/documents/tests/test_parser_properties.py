"""Properties of the parser on any text: it never raises and it loses no text.

"Loses no text" is stated on word characters (letters, digits, underscore): every one of
them in the input, after the parser's documented character normalisation (ligatures spelt
out, invisible characters dropped), is found again, as many times, in a paragraph (its
written number, text, sub-item labels and texts), a heading, the front matter read as
metadata or the page furniture the parser reports it removed. Punctuation and white space
may change (de-hyphenation drops a hyphen, Markdown markers and bullets go).
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meahub.documents.parser import ParsedDocument, normalise_characters, parse_text

# The project's autouse fixtures are function-scoped; the parser does not touch them.
examples = settings(
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

FRAGMENTS = [
    "1.",
    "2. Requests the Secretariat to",
    "- 3. *Encourages* Parties to",
    "- Requests the Executive Secretary and invites the BLG to",
    "(a)",
    "(a) the first item;",
    "b) the second item;",
    "a. Note the report;",
    "• a bullet",
    "12.1 a dotted item",
    "13.24 The Secretariat is requested to:",
    "imple-",
    "mentation of it",
    "biodiversity-",
    "related",
    "61",
    "st",
    "http://www.cms.int/en/page",
    "Page 3 of 9",
    "7",
    "UNEP/CMS/Conf.10.28",
    "CMS/StC38/3 and UNEP/CMS/StC44/18.1, 18.2",
    "Resolutions 11.10 and 11.11 (Rev.COP14)",
    "Decision X/20",
    "The Conference of the Parties",
    "THE CONFERENCE OF THE CONTRACTING PARTIES",
    "Recalling Resolution 9.6,",
    "RECALLING",
    "Action requested",
    "Annex",
    "SYNERGIES AND PARTNERSHIPS",
    "19 October 2020",
    "(Bonn, 20-25 November 2011)",
    "Adopted by the Conference of the Parties at its Tenth Meeting",
    "Original: English",
    "# A Markdown title",
    "ﬁnal ﬂow",
    ";",
    ":",
    ".",
    "",
]

documents = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=40
).flatmap(
    lambda parts: st.lists(
        st.sampled_from(["\n", "\n\n", " ", "\n \n", "\r\n", "\f"]),
        min_size=len(parts),
        max_size=len(parts),
    ).map(lambda seps: "".join(part + sep for part, sep in zip(parts, seps, strict=True)))
)

WORD_CHARACTER = re.compile(r"\w")


def word_characters(texts: list[str]) -> Counter[str]:
    return Counter(ch for text in texts for ch in WORD_CHARACTER.findall(text))


def texts_kept(parsed: ParsedDocument) -> list[str]:
    texts: list[str] = []
    for paragraph in parsed.paragraphs:
        if paragraph.number and not paragraph.number_inferred:
            texts.append(paragraph.number)
        texts.append(paragraph.text)
        texts.extend(f"{sub.label} {sub.text}" for sub in paragraph.subitems)
    texts.extend(heading.text for heading in parsed.headings)
    return texts + list(parsed.front_matter) + list(parsed.furniture)


@examples
@given(st.text())
def test_parsing_any_text_never_raises(text):
    parse_text(text)


@examples
@given(documents)
def test_parsing_a_document_like_text_never_raises(text):
    parse_text(text)


@examples
@given(st.text())
def test_parsing_any_text_keeps_every_word_character(text):
    parsed = parse_text(text)

    assert word_characters(texts_kept(parsed)) == word_characters([normalise_characters(text)])


@examples
@given(documents)
def test_parsing_a_document_like_text_keeps_every_word_character(text):
    parsed = parse_text(text)

    assert word_characters(texts_kept(parsed)) == word_characters([normalise_characters(text)])


def test_page_furniture_removed_is_reported():
    text = "1. The Secretariat reports.\nhttp://www.cms.int/x\n- 7 -\n2. It ends here."

    parsed = parse_text(text)

    assert parsed.furniture == ("http://www.cms.int/x", "- 7 -")
    assert [p.text for p in parsed.paragraphs] == ["The Secretariat reports.", "It ends here."]
