"""Sample articles with known structure (each element a heading, paragraph, list item,
caption, quote, code line or byline), written out as hard-wrapped plain text, Markdown
and HTML, for the tests and the benchmark of summary candidates.

Because the structure is known, whether a summary sentence is a whole sentence of a
paragraph can be checked against it rather than against the reader's own judgement.
"""

from __future__ import annotations

import html
from pathlib import Path

from tests.unit._prose import PROSE, wrap

HEADING, PARAGRAPH, ITEM, CAPTION, QUOTE, CODE, BYLINE = (
    "heading", "paragraph", "item", "caption", "quote", "code", "byline")

NEWS = [
    (HEADING, "Springfield doubles its library budget"),
    (PARAGRAPH, "The city council of Springfield voted on Tuesday to double the budget of "
                "the public library system, after a campaign by residents that lasted "
                "almost two years. The decision passed by seven votes to four."),
    (CAPTION, "Readers queue outside the central library on Monday. Photo: J. Miller"),
    (PARAGRAPH, "Under the new budget the library will hire twelve staff members, extend "
                "its opening hours on weekday evenings and reopen two reading rooms that "
                "were closed during the pandemic. A mobile library will serve the villages "
                "north of the river twice a week."),
    (HEADING, "Opposition on the council"),
    (PARAGRAPH, "Four council members voted against the plan. They argued that the money "
                "would be better spent on the roads, which residents of the eastern "
                "districts have complained about for years, and that the library had not "
                "presented a detailed plan for the new staff."),
    (QUOTE, "\"A library is not a luxury,\" said one of the campaigners after the vote."),
    (PARAGRAPH, "The mayor defended the decision in a statement on Wednesday. She said that "
                "the library was used by more than forty thousand residents every year and "
                "that the cost of the extension was small compared with the benefits for "
                "schools, families and older people."),
    (HEADING, "What happens next"),
    (PARAGRAPH, "The council will publish the full figures next month, together with an "
                "independent review of the library's spending. Recruitment of the new "
                "staff is expected to begin in the spring, and the reading rooms should "
                "reopen in September."),
    (PARAGRAPH, "Residents who campaigned for the extension said they would watch closely "
                "how the money is spent. Several of them plan to attend the next council "
                "meeting, where the timetable for the reopening will be discussed."),
    (BYLINE, "By Jane Doe"),
]

LISTS = [
    (HEADING, "Ten things to know about the new library budget"),
    (PARAGRAPH, "The council's decision to double the library budget affects readers, staff "
                "and schools across the city. The most important changes are listed below, "
                "together with the dates on which they take effect."),
    (ITEM, "The central library opens until nine in the evening from Monday to Friday."),
    (ITEM, "Two reading rooms in the northern districts reopen in September."),
    (ITEM, "A mobile library visits the villages north of the river twice a week."),
    (ITEM, "Twelve new staff members are hired, most of them for the children's section."),
    (ITEM, "Late fees for children's books are abolished."),
    (PARAGRAPH, "Not every proposal made it into the final budget. The council rejected a "
                "plan to open the central library on Sundays, arguing that the cost of "
                "weekend staff would be too high for the first year of the new budget."),
    (HEADING, "How to borrow from the mobile library"),
    (ITEM, "Register at any branch with proof of address."),
    (ITEM, "Reserve books online up to a week before the visit."),
    (ITEM, "Collect them at the stop in your village."),
    (PARAGRAPH, "The library expects the mobile service to be popular with older residents, "
                "who often find it hard to travel to the city centre. A survey will measure "
                "how many people use it during the first six months."),
    (PARAGRAPH, "Schools will also benefit from the budget. Each primary school will receive "
                "a visit from a librarian once a month, and teachers will be able to borrow "
                "sets of books for their classes without paying any fees."),
]

CODE_POST = [
    (HEADING, "Running the test suite on Python 3"),
    (PARAGRAPH, "Our project moved to Python 3 last year, and most of the work went into "
                "the test suite rather than the code itself. This post explains the three "
                "problems that took the longest to solve."),
    (HEADING, "Static files in tests"),
    (PARAGRAPH, "The first problem was that our live server tests could not find the static "
                "files once the settings were split into several modules. The fix was to "
                "use the testing class that serves static files directly."),
    (CODE, "from django.contrib.staticfiles.testing import StaticLiveServerTestCase"),
    (CODE, "class HomePageTest(StaticLiveServerTestCase):"),
    (CODE, "    fixtures = ['pages.json']"),
    (PARAGRAPH, "The second problem was text encoding in the fixtures. Files that had been "
                "written by hand on different machines used different encodings, and the "
                "new loader refused to read them until all of them were converted to UTF-8."),
    (HEADING, "Slow tests"),
    (PARAGRAPH, "The last problem was speed. The suite took twenty minutes on the build "
                "server, which made every change painful to review. Running the tests in "
                "parallel brought the time down to six minutes without any other change."),
    (CODE, "python manage.py test --parallel 4"),
    (PARAGRAPH, "None of these changes were difficult on their own. The hard part was finding "
                "them, because each failure looked like a problem with Python 3 itself."),
]

POEM = [
    (HEADING, "The Library at Night"),
    ("verse", "Shelves of silent paper stand"),
    ("verse", "Row on row across the land,"),
    ("verse", "Waiting for a reader's hand,"),
    ("verse", "Patient as the sea and sand."),
]


def languages() -> dict[str, list]:
    """A short article per language of the prose samples: a heading and its paragraphs."""
    return {lang: [(HEADING, {"zh": "图书馆预算", "ru": "Бюджет библиотек"}.get(
        lang, "Library budget"))] + [(PARAGRAPH, p) for p in paragraphs]
        for lang, paragraphs in PROSE.items()}


DOCUMENTS = {"news": NEWS, "lists": LISTS, "code": CODE_POST}


def as_text(document: list, width: int) -> str:
    """Plain text hard-wrapped at `width`: blank lines between blocks, "- " items,
    indented code, "> " quotes."""
    out: list[str] = []
    for kind, text in document:
        if kind == ITEM:
            lines = wrap(text, width - 2).split("\n")
            out.append("\n".join(["- " + lines[0]] + ["  " + line for line in lines[1:]]))
        elif kind == CODE:
            out.append("    " + text)
        elif kind == QUOTE:
            out.append("\n".join("> " + line for line in wrap(text, width - 2).split("\n")))
        else:
            out.append(wrap(text, width))
    return _join(out, document)


def as_markdown(document: list, width: int = 72) -> str:
    """Markdown with soft line breaks at `width`, "## " headings and fenced code."""
    out: list[str] = []
    for kind, text in document:
        if kind == HEADING:
            out.append("## " + text)
        elif kind == CODE:
            out.append(f"```\n{text}\n```")
        elif kind == ITEM:
            out.append("- " + text)
        elif kind == QUOTE:
            out.append("> " + text)
        else:
            out.append(wrap(text, width))
    return _join(out, document)


def _join(pieces: list[str], document: list) -> str:
    out = pieces[0]
    for (previous, _), (kind, _), piece in zip(document, document[1:], pieces[1:]):
        tight = kind == previous and kind in (ITEM, CODE, "verse")
        out += ("\n" if tight else "\n\n") + piece
    return out + "\n"


def as_html(document: list, width: int = 72) -> str:
    """A page whose paragraphs are written over several lines of HTML source."""
    body: list[str] = []
    items: list[str] = []
    code: list[str] = []
    for kind, text in document + [("end", "")]:
        if kind != ITEM and items:
            body.append("<ul>\n" + "\n".join(items) + "\n</ul>")
            items = []
        if kind != CODE and code:
            body.append("<pre><code>" + "\n".join(code) + "</code></pre>")
            code = []
        escaped = html.escape(text, quote=False)
        if kind == HEADING:
            body.append(f"<h2>{escaped}</h2>")
        elif kind == ITEM:
            items.append(f"<li>{escaped}</li>")
        elif kind == CODE:
            code.append(escaped)
        elif kind == CAPTION:
            body.append(f'<figure><img src="photo.jpg" alt=""><figcaption>{escaped}'
                        "</figcaption></figure>")
        elif kind == QUOTE:
            body.append(f"<blockquote><p>{escaped}</p></blockquote>")
        elif kind == BYLINE:
            body.append(f'<p class="byline">{escaped}</p>')
        elif kind == PARAGRAPH:
            body.append("<p>" + wrap(escaped, width) + "</p>")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            + html.escape(document[0][1]) + "</title></head>\n<body><article>\n"
            + "\n".join(body) + "\n</article></body></html>\n")


def write_all(folder: Path) -> dict[Path, list]:
    """Every sample in every form under `folder`: {path: its structure}."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, list] = {}
    for name, document in DOCUMENTS.items():
        for width in (60, 72, 80):
            written[folder / f"{name}.wrapped{width}.txt"] = document
        written[folder / f"{name}.md"] = document
        written[folder / f"{name}.html"] = document
    for lang, document in languages().items():
        written[folder / f"prose-{lang}.wrapped72.txt"] = document
    for path, document in written.items():
        if path.suffix == ".txt":
            width = int(path.name.split("wrapped")[1].split(".")[0])
            path.write_text(as_text(document, width), encoding="utf-8")
        elif path.suffix == ".md":
            path.write_text(as_markdown(document), encoding="utf-8")
        else:
            path.write_text(as_html(document), encoding="utf-8")
    return written


_ENDS = tuple(".!?…。！？")
_CLOSERS = "\"'”’»)]"


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS).endswith(_ENDS)


def whole_sentence_of(sentence: str, paragraph: str) -> bool:
    """Whether `sentence` is a whole sentence of `paragraph`: found in it, starting where
    it starts or after a sentence end, ending with a sentence mark or where it ends."""
    sentence, paragraph = " ".join(sentence.split()), " ".join(paragraph.split())
    at = paragraph.find(sentence)
    while at >= 0:
        starts = at == 0 or _ends_sentence(paragraph[:at])
        ends = at + len(sentence) == len(paragraph) or _ends_sentence(sentence)
        if starts and ends:
            return True
        at = paragraph.find(sentence, at + 1)
    return False


def whole_body_sentence(sentence: str, document: list) -> bool:
    """Judged against the known structure: a whole sentence of one of its paragraphs."""
    return any(kind == PARAGRAPH and whole_sentence_of(sentence, text)
               for kind, text in document)
