"""The applicants' page, in a real headless Chromium (Debian's) driven by Playwright.

Without a browser these tests are skipped and say why; under CI (``CI=true``) a missing
browser fails them instead, so that CI cannot pass without running them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tomllib
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from babel import Locale

import callrules
from callrules._inserted import marking, pieces
from callrules._layout import direction
from callrules._places import SENDERS_KEYS, place
from callrules._tags import bcp47
from callrules._time import is_place
from callrules.serve import create_app
from callrules.serve._http import labels
from tests.conftest import EXAMPLES, ROOT, kept_registries
from tests.live_server import serving
from tests.platform_catalogs import LETTERS, platform_catalogs
from tests.test_inserted_values import LABELS, NOW, labelled_call, refused

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
COUNTRY = "/visitors/0/institution/location/country"
#: A call whose requirement of a CV is long (over 200 characters in each language): the
#: answer gives it whole once, and by its head in every other finding naming it.
LONG = "long-requirements"
#: How that requirement ends, in each language.
TAIL = {"fr": "fin du texte", "en": "end of the text", "es": "fin del texto",
        "pt": "fim do texto"}


def _long_requirement_call(folder: Path) -> None:
    """Write the bundled call as ``LONG`` in ``folder``, its CV requirement made long."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = LONG
    for entry in data["rules"]:
        for rule in entry["check"].get("rules", ()):
            inner = rule.get("rule", {})
            if inner.get("op") == "exists" and inner["requirement"]["en"] == "this person's CV":
                inner["requirement"] = {lang: f"{text}, " + "with each of the places and "
                                        "years of work, " * 8 + TAIL[lang]
                                        for lang, text in inner["requirement"].items()}
    (folder / f"{LONG}.json").write_text(json.dumps(data, default=str), "utf-8")


#: A copy of the bundled call under another id and title.
OTHER = "other-call"


def _other_call(folder: Path) -> None:
    """Write the bundled call as ``OTHER`` in ``folder``, with a title of its own."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = OTHER
    data["title"] = {lang: f"Another call ({lang})" for lang in data["title"]}
    (folder / f"{OTHER}.json").write_text(json.dumps(data, default=str), "utf-8")


#: A copy of the bundled call declaring fields named as a property every JavaScript object
#: has (``constructor``): a list of the application, a text of each visitor.
PROTO = "prototype-names"


def _prototype_names_call(folder: Path) -> None:
    """Write the bundled call as ``PROTO`` in ``folder``, with fields named ``constructor``."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = PROTO
    data["fields"] = {
        "application": {"constructor": {"type": "text", "list": True, "label": {
            lang: f"Builders ({lang})" for lang in data["languages"]}}},
        "visitors": {"constructor": {"type": "text", "label": {
            lang: f"Builder ({lang})" for lang in data["languages"]}}}}
    (folder / f"{PROTO}.json").write_text(json.dumps(data, default=str), "utf-8")


#: A call in German and Italian, languages the library has no catalog for.
FOREIGN = "de-it-call"


def _foreign_call(folder: Path) -> None:
    """Write ``FOREIGN`` in ``folder``: its title and clause in German and Italian."""
    from tests.test_definitions import minimal_call

    data = minimal_call(languages=["de", "it"], title={"de": "Aufruf", "it": "Bando"},
                        clauses=[{"id": "eligibility", "title": {"de": "Frist", "it": "Scadenza"},
                                  "text": {"de": "Text", "it": "Testo"}}])
    data["id"] = FOREIGN
    (folder / f"{FOREIGN}.json").write_text(json.dumps(data, default=str), "utf-8")


#: A call in English and Finnish, with fields and a vocabulary of its own.
POSTDOC = "helsinki-postdoc-2027"
POSTDOC_FILE = ROOT / "docs/examples/postdoc-call.toml"


#: A call asking two documents of each visitor in one clause: a CV, and a CV of two pages
#: or more (two findings at one place, of one code and clause, when both are missing).
TWO = "two-documents"


def _two_documents_call(folder: Path) -> None:
    """Write the bundled call as ``TWO`` in ``folder``, a second document asked of each
    visitor in the clause that asks a CV."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = TWO
    for entry in data["rules"]:
        rules = entry["check"].get("rules", [])
        for rule in list(rules):
            inner = rule.get("rule", {})
            if inner.get("op") == "exists" and inner["requirement"]["en"] == "this person's CV":
                longer = json.loads(json.dumps(inner))
                longer["requirement"] = {
                    "fr": "le CV de deux pages ou plus de cette personne",
                    "en": "this person's CV of two pages or more",
                    "es": "el CV de dos páginas o más de esta persona",
                    "pt": "o currículo de duas páginas ou mais desta pessoa"}
                longer["where"]["rules"].append(
                    {"op": "compare", "path": "pages", "cmp": ">=", "to": 2})
                rules.append({**rule, "rule": longer})
    (folder / f"{TWO}.json").write_text(json.dumps(data, default=str), "utf-8")


#: A call whose title and clause title are each one word of 300 letters.
LONG_WORD = "long-word"


def _long_word_call(folder: Path) -> None:
    """Write the bundled call as ``LONG_WORD`` in ``folder``, a long word in its titles."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = LONG_WORD
    word = "Supercalifragilistic" * 15
    data["title"] = {lang: f"{word} ({lang})" for lang in data["title"]}
    data["clauses"][0]["title"] = {lang: word for lang in data["clauses"][0]["title"]}
    (folder / f"{LONG_WORD}.json").write_text(json.dumps(data, default=str), "utf-8")


#: A call whose milestones are named in Hebrew, beside the library's dates in French, and
#: whose first clause's text, in French, opens with an Arabic name.
RTL = "right-to-left"


def _right_to_left_call(folder: Path) -> None:
    """Write the bundled call as ``RTL`` in ``folder``, each milestone labelled in Hebrew."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = RTL
    data["labels"]["milestones"] = {name: {lang: "מועד הגשה" for lang in texts}
                                    for name, texts in data["labels"]["milestones"].items()}
    data["clauses"][0]["text"] = {lang: "جامعة القاهرة accueille les candidats en 2026."
                                  for lang in data["clauses"][0]["text"]}
    (folder / f"{RTL}.json").write_text(json.dumps(data, default=str), "utf-8")


#: A call labelling the staff category field, and its first value, with a word its messages
#: also hold before that label (« “astronaut” is not one of the values of “of” »).
SAME = "same-words"


def _same_words_call(folder: Path) -> None:
    """Write the bundled call as ``SAME`` in ``folder``, its category field labelled « of »."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = SAME
    data["labels"]["fields"] = {"visitors.category": dict.fromkeys(data["title"], "of")}
    data["vocabularies"]["staff_category"]["values"]["engineer"] = dict.fromkeys(
        data["title"], "of")
    (folder / f"{SAME}.json").write_text(json.dumps(data, default=str), "utf-8")


def _unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright)"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = _unavailable()
    if reason is not None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI must run the browser tests, but: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("calls")
    _long_requirement_call(folder)
    _other_call(folder)
    _prototype_names_call(folder)
    _foreign_call(folder)
    _long_word_call(folder)
    _right_to_left_call(folder)
    _same_words_call(folder)
    _two_documents_call(folder)
    shutil.copyfile(POSTDOC_FILE, folder / f"{POSTDOC}.toml")
    with kept_registries(), serving(create_app(folder)) as url, sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        chromium.url = url
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  timezone_id="America/Sao_Paulo")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(browser.url + "/?lang=en")
    tab.wait_for_selector("body[data-checked]")
    yield tab
    context.close()
    assert errors == []


def _merged(pieces: list[Any]) -> list[tuple[str, bool]]:
    """A message's pieces (its text, whether a value it inserts), each run of words one."""
    out: list[tuple[str, bool]] = []
    for text, value in pieces:
        if out and not value and not out[-1][1]:
            out[-1] = (out[-1][0] + text, False)
        elif text:
            out.append((text, bool(value)))
    return out


def _headed(line: list[tuple[str, bool]], said: list[tuple[str, bool]]) -> bool:
    """Whether ``line`` (a pasted record's, :func:`_merged`) is ``said`` after its head (the
    record's number, then its place: its values isolated as a message's are)."""
    if len(line) < len(said) or line[0][1]:
        return False
    if said[0][1]:
        return line[len(line) - len(said):] == said
    before = line[len(line) - len(said)]
    return not before[1] and before[0].endswith(said[0][0]) \
        and line[len(line) - len(said) + 1:] == said[1:]


def load(page: Any, data: dict[str, Any]) -> None:
    """Paste ``data`` into the page's JSON box and load it into the form. The box is opened
    by its summary, clicked again if a click did not open it, as a person would: a form drawn
    for a call just chosen can move the summary under a click on a busy machine (CI's run on
    two cores once left the box shut, the JSON never pasted)."""
    for _ in range(5):
        if page.locator("#load-box").evaluate("box => box.open"):
            break
        page.click("#load-box summary")
    page.fill("#json", json.dumps(data))
    page.click("#load")


def messages(page: Any, pointer: str) -> Any:
    """The messages shown beside the field at ``pointer``."""
    return page.locator(f'[data-field="{pointer}"] > .messages li > .said')


def as_shown(problem: Any, lang: str) -> str:
    """An input problem as the page shows it: one about a key the application wrote headed
    by where that key is, in words, as the service names it."""
    if problem.type in SENDERS_KEYS:
        return f"{place(problem.loc, lang, kind=problem.type)} — {problem.message(lang)}"
    return str(problem.message(lang))


def expected(data: dict[str, Any], pointer: str, lang: str,
             call_id: str = "cnrs-amsud-2026") -> str:
    """The message the library gives for the field at ``pointer``, as the page's reader."""
    call = callrules.calls.load(call_id)
    (finding,) = [f for f in callrules.evaluate(call, data).findings if f.pointer == pointer]
    return finding.message(lang, "America/Sao_Paulo")


class TestPage:
    def test_it_lists_the_calls_and_shows_the_checklist(self, page: Any) -> None:
        """The page offers the bundled call, shows its checklist, and says what is missing."""
        from playwright.sync_api import expect

        assert page.locator("#call option[value='cnrs-amsud-2026']").count() == 1
        title = callrules.calls.load("cnrs-amsud-2026").title_in("en")
        expect(page.locator("#checklist h1")).to_have_text(title)
        expect(messages(page, "/submitted_at")).to_have_count(1)
        expect(page.locator("#verdict")).to_have_class("verdict invalid")
        legends = page.locator("legend").all_text_contents()  # headings in words, no model name
        assert legends and not [t for t in legends if re.search(r"[a-z][A-Z]|_", t)], legends

    def test_each_message_appears_beside_its_field_as_you_type(self, page: Any) -> None:
        """Typing an excluded country shows the call's reason beside that field only."""
        from playwright.sync_api import expect

        data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        load(page, data)
        expect(page.locator("#verdict")).to_have_class("verdict eligible")
        page.locator(f'input[data-pointer="{COUNTRY}"]').fill("GF")
        del data["visitors"][0]["institution"]["location"]["subdivision"]
        page.locator(f'input[data-pointer="{COUNTRY[:-8]}/subdivision"]').fill("")
        data["visitors"][0]["institution"]["location"]["country"] = "GF"
        expect(messages(page, COUNTRY)).to_have_text([expected(data, COUNTRY, "en")])
        expect(page.locator("#verdict")).to_have_class("verdict not-eligible")
        expect(page.locator(".messages li")).to_have_count(1)
        page.locator('input[data-pointer="/submitted_at"]').fill("yesterday")
        expect(messages(page, "/submitted_at")).to_have_count(1)
        expect(page.locator("#verdict")).to_have_class("verdict invalid")

    def test_a_vocabulary_is_a_labelled_list_and_a_code_outside_it_is_said(
            self, page: Any) -> None:
        """A coded field is a list of the call's labels; a code outside it, loaded from JSON,
        is kept and the service's message appears beside it; picking a label clears it."""
        from playwright.sync_api import expect

        pointer = "/visitors/1/category"
        data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        data["visitors"][1]["category"] = "astronaut"
        load(page, data)
        expect(page.locator("#verdict")).to_have_class("verdict invalid")
        call = callrules.calls.load("cnrs-amsud-2026")
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(call, data)
        expect(messages(page, pointer)).to_have_text([caught.value.problems[0].message("en")])
        choice = page.locator(f'select[data-pointer="{pointer}"]')
        expect(choice.locator("option[value='technical_staff']")).to_have_text(
            "other technical staff")
        choice.select_option("technician")
        expect(page.locator("#verdict")).to_have_class("verdict eligible")

    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_an_application_the_call_cannot_judge_is_said_not_judged(
            self, page: Any, lang: str) -> None:
        """A budget line in US dollars with no exchange rate: the call's rules cannot judge
        the application, and the page says so ("Not judged"), apart from an incomplete form
        (before: "The form is not complete yet", as for a field missing), the problem
        beside the amount."""
        from playwright.sync_api import expect

        data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        data["exchange_rates"] = []
        data["budget"]["lines"][0]["amount"]["currency"] = "USD"
        page.select_option("#language", lang)
        load(page, data)
        expect(page.locator("#verdict")).to_have_class("verdict not-judged")
        expect(page.locator("#verdict")).to_have_text(labels()[lang]["not_judged"])
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), data)
        expect(messages(page, "/budget/lines/0/amount")).to_have_text(
            [caught.value.problems[0].message(lang)])

    @pytest.mark.parametrize("lang", ["fr", "es", "pt", "en"])
    def test_labels_and_messages_are_in_the_chosen_language(self, page: Any, lang: str,
                                                            tmp_path: Path) -> None:
        """The page's words are in each of four languages; the messages in that language
        when the library speaks it, else in English."""
        from playwright.sync_api import expect

        data = json.loads((EXAMPLES / "ineligible.json").read_text("utf-8"))
        load(page, data)
        page.select_option("#language", lang)
        expect(page.locator("header h1")).to_have_text(labels()[lang]["page_title"])
        expect(page.locator("html")).to_have_attribute("lang", lang)
        spoken = lang if lang in callrules.languages() else "en"
        expect(messages(page, COUNTRY)).to_have_text([expected(data, COUNTRY, spoken)])
        expect(page.locator("#verdict")).to_have_text(labels()[lang]["not_eligible"])
        if lang == "fr":
            shot = tmp_path / "page.png"
            page.locator(f'[data-field="{COUNTRY[:-8]}"]').scroll_into_view_if_needed()
            page.screenshot(path=str(shot))
            assert shot.read_bytes().startswith(b"\x89PNG")

    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_a_call_s_texts_are_marked_with_their_own_language(self, page: Any,
                                                               lang: str) -> None:
        """A call in German and Italian, on the page in French or English: the page in that
        language, the call's title, clause title and text in the checklist marked German
        (a screen reader reads "Aufruf" with a German voice, not a French one)."""
        from playwright.sync_api import expect

        page.select_option("#language", lang)
        page.select_option("#call", FOREIGN)
        expect(page.locator('#checklist h1 [lang="de"]')).to_have_text("Aufruf")
        expect(page.locator('#checklist li [lang="de"]')).to_have_text(["Frist", "Text"])
        expect(page.locator("html")).to_have_attribute("lang", lang)
        marked = page.locator("#checklist h2").evaluate_all(
            "heads => heads.map(h => h.closest('[lang]').lang)")
        assert marked and set(marked) == {lang}

    def test_a_call_chosen_while_the_list_comes_is_kept(self, page: Any) -> None:
        """The language changed, then a call chosen at once, before the list of calls in
        that language has come: the call chosen stays chosen and its checklist is shown
        (the list, when it came, put back the call chosen before the language changed)."""
        from playwright.sync_api import expect

        held: list[Any] = []

        def hold(route: Any) -> None:  # (the list held back)
            held.append(route)

        page.route(re.compile(r".*/calls(\?[^/]*)?$"), hold)
        page.select_option("#language", "fr")
        for _ in range(200):
            if held:
                break
            page.wait_for_timeout(25)
        assert held, "the page did not ask for the list of calls"
        page.select_option("#call", FOREIGN)
        expect(page.locator('#checklist h1 [lang="de"]')).to_have_text("Aufruf")
        for route in held:
            route.continue_()
        page.wait_for_timeout(500)  # (the list come: what it does with the choice)
        expect(page.locator("#call")).to_have_value(FOREIGN)
        expect(page.locator('#checklist h1 [lang="de"]')).to_have_text("Aufruf")

    def test_a_bad_zone_is_said_at_the_top(self, page: Any) -> None:
        """A zone that is not an IANA name is reported above the form, not as a failure."""
        from playwright.sync_api import expect

        page.fill("#zone", "Paris")
        page.dispatch_event("#zone", "change")
        expect(page.locator("#other .messages li > .said")).to_have_text(
            ["“Paris” is not a time zone: name the zone of a place, such as Europe/Paris"])

    def test_the_page_offers_the_zones_the_service_takes(self, page: Any) -> None:
        """The page's own test of a browser's zone (``isPlace`` in app.js, which decides
        whether it fills the zone in) says what the service's does
        (:func:`callrules._time.is_place`) of every name of the zone database and of names
        it does not hold: two codes of one rule may not drift apart."""
        names = sorted(zoneinfo.available_timezones() | {
            "UTC", "Etc/UTC", "Etc/GMT+3", "posix/Europe/Paris", "right/UTC", "SystemV/EST5",
            "EST5EDT", "Zulu", "", "Mars/Olympus_Mons", "etc/GMT+3", "Europe/"})
        said = page.evaluate("(names) => names.map((name) => isPlace(name))", names)
        assert dict(zip(names, said, strict=True)) == {name: is_place(name) for name in names}

    def test_a_long_requirement_repeated_is_read_whole_each_time(self, page: Any) -> None:
        """Two visitors without a CV, under a call whose CV requirement is long: the answer
        gives it whole once, and the page shows it whole beside each visitor."""
        from playwright.sync_api import expect

        data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        data["documents"] = [d for d in data["documents"] if d["kind"] != "cv"]
        data.pop("call", None)  # it names the bundled call
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{LONG}/schema")):
            page.select_option("#call", LONG)  # its form drawn before the data is pasted
        load(page, data)
        expect(page.locator("#verdict")).to_have_class("verdict not-eligible")
        call = callrules.calls.load(LONG)
        pointers = [f.pointer for f in callrules.evaluate(call, data).findings]
        assert len(pointers) == 2 == len(set(pointers))
        for pointer in pointers:
            said = expected(data, pointer, "en", LONG)
            assert TAIL["en"] in said
            expect(messages(page, pointer)).to_have_text([said])

    def test_each_value_a_message_inserts_is_isolated_on_the_page(self, page: Any) -> None:
        """The page builds its messages from the service's JSON: each value a message inserts
        (a milestone's label in Hebrew, each label of the values a field accepts) stands in a
        ``<bdi>`` of its own, as in the HTML report, the words being the library's. Before,
        the page set each message as one text, nothing isolated."""
        from playwright.sync_api import expect

        data = refused("late")
        data.pop("call", None)
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{RTL}/schema")):
            page.select_option("#call", RTL)
        load(page, data)
        said = expected(data, "/submitted_at", "en", RTL)
        expect(messages(page, "/submitted_at")).to_have_text([said])
        bdi = messages(page, "/submitted_at").locator("bdi")
        assert "מועד הגשה" in bdi.all_text_contents(), bdi.all_text_contents()
        data = refused("no approval")
        data["visitors"][1]["category"] = "astronaut"  # (refused as read: the labels accepted)
        load(page, data)
        # (the answer's message awaited before its parts are read: read at once, a loaded
        # machine found none yet, the stage's run of session 50)
        expect(messages(page, "/visitors/1/category")).to_contain_text(["astronaut"])
        accepted = messages(page, "/visitors/1/category").locator("bdi").all_text_contents()
        assert len(accepted) >= 3 and not [t for t in accepted if ", " in t], accepted

    def test_each_value_is_isolated_where_it_stands_alone_or_pasted(self, page: Any) -> None:
        """Each value a message inserts is isolated where the service says it stands, never
        where the same text stands in the library's words (« one of the values of “of” »,
        the field labelled « of »: its words' « of » left as they are), for one application
        and for each record of a list pasted (a refusal, a late record's finding). Before,
        the page searched each value in the message (33 of 41 such messages over four
        languages isolated a word of the library's), and a list pasted had none listed:
        nothing isolated (82 of 82)."""
        from playwright.sync_api import expect

        nodes = ("li => Array.from(li.childNodes, n => [n.textContent, n.nodeName === 'BDI'])")
        call = callrules.calls.load(SAME)
        bad = refused("no approval")
        bad.pop("call", None)
        bad["visitors"][1]["category"] = "astronaut"
        late = refused("late")
        late.pop("call", None)
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{SAME}/schema")):
            page.select_option("#call", SAME)
        with pytest.raises(callrules.InputError) as caught:
            call.parse(bad)
        (problem,) = [p for p in caught.value.problems if p.loc[-1] == "category"]
        with marking():
            said = _merged([(text, value) for text, value in pieces(problem.message("en"))])
        load(page, bad)
        shown = messages(page, "/visitors/1/category")
        expect(shown).to_contain_text(["astronaut"])  # (the answer awaited, then read)
        assert _merged(shown.first.evaluate(nodes)) == said
        load(page, [bad, late])  # type: ignore[arg-type]
        top = page.locator("#other .messages li > .said")
        expect(top.filter(has_text="astronaut")).to_have_count(1)
        line = _merged(top.filter(has_text="astronaut").first.evaluate(nodes))
        assert _headed(line, said), line
        (finding,) = [f for f in callrules.evaluate(call, late).findings
                      if f.pointer == "/submitted_at"]
        with marking():
            worded = _merged(pieces(finding.message("en", "America/Sao_Paulo")))
        dated = top.filter(has_text=finding.message("en", "America/Sao_Paulo"))
        expect(dated).to_have_count(1)
        assert _headed(_merged(dated.first.evaluate(nodes)), worded)

    def test_the_place_heading_a_pasted_record_s_problem_isolates_its_values(
            self, page: Any) -> None:
        """The place heading each problem of a record pasted in a list (« Visitor 1 — key
        “familyname” », « Visitor 1 — staff category ») has each value it names isolated
        (a ``<bdi>``) where the service says it stands, as a message's values are: a label
        or a name written right to left leaves the words around it in order. Before, the
        place was text of the line, none of its values isolated (every such heading)."""
        from playwright.sync_api import expect

        nodes = ("li => Array.from(li.childNodes, n => [n.textContent, n.nodeName === 'BDI'])")
        call = callrules.calls.load("cnrs-amsud-2026")
        bad = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        bad.pop("call", None)
        bad["visitors"][0]["person"]["familyname"] = "X"
        bad["visitors"][0]["category"] = "astronaut"
        with pytest.raises(callrules.InputError) as caught:
            call.parse(bad)
        head = labels()["en"]["record"].replace("{n}", "1") + " — "
        lines = []
        for problem in caught.value.problems:
            with marking():
                placed = pieces(place(problem.loc, "en", None, caught.value.labels,
                                      problem.type))
                said = pieces(problem.message("en"))
            assert [value for _, value in placed].count(True) >= 2, placed
            lines.append(_merged([(head, False), *placed, (" — ", False), *said]))
        load(page, [bad, bad])  # type: ignore[arg-type]
        top = page.locator("#other .messages li > .said")
        expect(top.filter(has_text="astronaut")).to_have_count(2)
        shown = [_merged(li.evaluate(nodes)) for li in top.all()]
        assert all(line in shown for line in lines), (lines, shown)

    def test_an_answer_for_a_call_no_longer_chosen_is_dropped(self, page: Any) -> None:
        """A call chosen, then another before the first call's answers come (a slow server
        or link): the page shows the call chosen last, its checklist and form, never the
        first call's arriving late (they were drawn under the second call's name)."""
        from playwright.sync_api import expect

        held: list[Any] = []
        page.route(f"**/calls/{OTHER}**", lambda route: held.append(route))  # held back
        page.select_option("#call", OTHER)
        while len(held) < 2:  # its checklist and its form asked for
            page.wait_for_timeout(20)
        with page.expect_response(lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
            page.select_option("#call", "cnrs-amsud-2026")
        title = callrules.calls.load("cnrs-amsud-2026").title_in("en")
        expect(page.locator("#checklist h1")).to_have_text(title)
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{OTHER}/schema")):
            for route in held:  # the first call's answers arrive, late
                route.continue_()
        page.wait_for_timeout(300)
        assert page.locator("#call").input_value() == "cnrs-amsud-2026"
        expect(page.locator("#checklist h1")).to_have_text(title)

    def test_a_schema_refused_is_said_where_the_verdict_goes(self, page: Any) -> None:
        """A call whose schema the service refuses (507 ``schema_too_large``: heavier than
        it sends): the page says the problem's detail where the verdict goes and draws no
        form, without a script error. Before, the problem was taken for the schema: the
        form silently not drawn, a TypeError thrown, the detail never shown (look75v 4a)."""
        from playwright.sync_api import expect

        detail = labels()["en"]["problem_schema_too_large_detail"] % {"most": "64 MiB"}
        problem = {"type": "urn:callrules:problem:schema_too_large", "status": 507,
                   "title": labels()["en"]["problem_schema_too_large"], "detail": detail}
        page.route(f"**/calls/{OTHER}/schema", lambda route: route.fulfill(
            status=507, content_type="application/problem+json", body=json.dumps(problem)))
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{OTHER}/schema")):
            page.select_option("#call", OTHER)
        expect(page.locator("#verdict")).to_have_text(detail)
        expect(page.locator("#form > *")).to_have_count(0)

    @pytest.mark.parametrize("zone", ["Etc/GMT+3", "Etc/GMT-11"])
    def test_a_browser_on_a_fixed_offset_gets_its_checklist_and_verdict(
            self, browser: Any, zone: str) -> None:
        """A browser whose zone is a fixed offset (a system set to "UTC-03:00" gives
        ``Etc/GMT+3``), which the service refuses as a reader's zone: the page does not
        offer it, and shows the checklist and checks in the call's zone. Before, it filled
        the zone in and every answer was "unknown time zone": no checklist, no verdict."""
        from playwright.sync_api import expect

        context = browser.new_context(locale="en-GB", timezone_id=zone)
        try:
            tab = context.new_page()
            tab.goto(browser.url + "/?lang=en")
            tab.wait_for_selector("body[data-checked]")
            assert tab.locator("#zone").input_value() == ""
            title = callrules.calls.load("cnrs-amsud-2026").title_in("en")
            expect(tab.locator("#checklist h1")).to_have_text(title)
            load(tab, json.loads((EXAMPLES / "eligible.json").read_text("utf-8")))
            expect(tab.locator("#verdict")).to_have_class("verdict eligible")
        finally:
            context.close()

    def test_a_field_named_as_a_property_of_every_object_is_drawn_empty(
            self, page: Any) -> None:
        """A call declaring fields named ``constructor`` (a list, and a text of each
        visitor), a draft without them: the list is drawn with no item and the text empty,
        and they are filled like any other. Before, the page read ``Object.prototype``'s
        ``constructor``: "items.forEach is not a function", the form left half drawn, and
        the text prefilled "function Object() { [native code] }"."""
        from playwright.sync_api import expect

        data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        data.pop("call", None)  # it names the bundled call
        data["fields"] = {}  # as a field typed, then cleared, leaves them
        data["visitors"][0]["fields"] = {}
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{PROTO}/schema")):
            page.select_option("#call", PROTO)
        load(page, data)
        expect(page.locator("#verdict")).to_have_class("verdict eligible")
        expect(page.locator('[data-field="/fields/constructor"] .item')).to_have_count(0)
        visitor = page.locator('input[data-pointer="/visitors/0/fields/constructor"]')
        expect(visitor).to_have_value("")
        expect(page.locator('[data-field="/budget"]')).to_have_count(1)  # drawn to the end
        visitor.fill("Ana")
        page.click('[data-add="/fields/constructor"]')
        page.locator('input[data-pointer="/fields/constructor/0"]').fill("Pacific Builders")
        expect(page.locator("#verdict")).to_have_class("verdict eligible")
        sent = page.evaluate("() => JSON.stringify(pruned(state.data))")
        assert json.loads(sent)["fields"] == {"constructor": ["Pacific Builders"]}
        assert json.loads(sent)["visitors"][0]["fields"] == {"constructor": "Ana"}

    @pytest.mark.parametrize(("key", "value", "pointer"), [
        ("visitors", {"0": {"id": "v1"}}, "/visitors"),
        ("documents", "cv.pdf", "/documents"),
        ("budget", {"lines": 5}, "/budget/lines"),
        ("host", ["Claire"], "/host"),
        ("submitted_at", {"at": "2026-06-01"}, "/submitted_at"),
        ("__proto__", {"constructor": 1}, None),
    ])
    def test_a_draft_part_of_the_wrong_shape_is_said_beside_it(
            self, page: Any, key: str, value: Any, pointer: str | None) -> None:
        """A pasted draft whose list is not a list, whose object is a list, whose text is
        an object, or with a key ``__proto__``: the whole form is drawn, the draft is sent
        as it is, and the service's message is shown beside that part (at the top for a
        part the form does not have). Before, "items.forEach is not a function": the form
        half drawn, nothing checked, no message; and ``__proto__`` was dropped from what
        was sent (its draft said eligible)."""
        from playwright.sync_api import expect

        data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        data[key] = value
        call = callrules.calls.load("cnrs-amsud-2026")
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(call, data)
        said = [as_shown(p, "en") for p in caught.value.problems]
        load(page, data)
        expect(page.locator("#verdict")).to_have_class("verdict invalid")
        shown = (messages(page, pointer) if pointer is not None
                 else page.locator("#other .messages li > .said"))
        expect(shown).to_have_text(said)
        for part in ("/host", "/visitors", "/documents", "/budget"):  # drawn to the end
            expect(page.locator(f'[data-field="{part}"]')).to_have_count(1)

    @pytest.mark.parametrize("lang", ["fr", "es", "pt"])
    def test_the_form_is_in_the_chosen_language(self, page: Any, lang: str) -> None:
        """The form's headings, labels and buttons, once another language is chosen, are
        the schema's words in that language: none is a word of the English form that the
        language does not share (as "Affiliations" or "Code" in French). Before, the schema
        was served in English only: "Submitted at", "Given name", "Visitors", "Visitor 1",
        "Ajouter (Affiliations)" in a French page."""
        from playwright.sync_api import expect

        call = callrules.calls.load("cnrs-amsud-2026")

        def titles(node: Any) -> Iterator[str]:
            if isinstance(node, dict):
                if isinstance(node.get("title"), str):
                    yield node["title"]
                for value in node.values():
                    yield from titles(value)
            elif isinstance(node, list):
                for value in node:
                    yield from titles(value)

        english = set(titles(callrules.schema("application", call, "en")))
        english_only = english - set(titles(callrules.schema("application", call, lang)))
        assert {"Submitted at", "Given name", "Visitors"} <= english_only
        load(page, json.loads((EXAMPLES / "ineligible.json").read_text("utf-8")))
        with page.expect_response(lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
            page.select_option("#language", lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        submitted = callrules.schema("application", call, lang)["properties"]["submitted_at"]
        expect(page.locator('label[for="f_submitted_at"]')).to_have_text(submitted["title"])
        said = [*page.locator("#form legend").all_text_contents(),
                *page.locator("#form label").all_text_contents(),
                *page.locator("#form button.add").all_text_contents()]
        words = {re.sub(r"^.*\((.*)\)$|^(.*?)(?: \d+)?$", lambda m: m[1] or m[2], text)
                 for text in said}
        assert len(said) > 20 and words.isdisjoint(english_only), words & english_only

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_list_items_and_their_buttons_are_named_in_the_singular(
            self, page: Any, lang: str) -> None:
        """« Affiliation 1 » and « Ajouter une affiliation », not « Affiliations 1 » and
        « Ajouter (Affiliations) »: the items and buttons of the library's lists say what
        one item is, in the reader's language."""
        from playwright.sync_api import expect

        load(page, json.loads((EXAMPLES / "ineligible.json").read_text("utf-8")))
        if lang != "en":
            with page.expect_response(
                    lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
                page.select_option("#language", lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        call = callrules.calls.load("cnrs-amsud-2026")
        affiliations = callrules.schema("application", call, lang)["$defs"]["Unit"][
            "properties"]["affiliations"]
        first = affiliations["x-callrules-item"].replace("{n}", "1")
        # The form is drawn again once the schema has come: "Affiliation 1" is the same in
        # English and French, so the button (« Ajouter une affiliation ») is what is waited
        # for before the buttons are read (read at once, they were the English form's).
        add = affiliations["x-callrules-add"]
        expect(page.locator("#form button.add").filter(
            has_text=re.compile(f"^{re.escape(add)}$"))).not_to_have_count(0)
        expect(page.locator('label[for="f_host_unit_affiliations_0"]')).to_have_text(first)
        buttons = page.locator("#form button.add").all_text_contents()
        assert add in buttons
        assert len(buttons) >= 6 and not [b for b in buttons if b.endswith(")")], buttons

    def test_a_key_not_expected_is_named_once_where_it_is(self, page: Any) -> None:
        """Keys the call does not know (``colour`` at the top, ``familyname`` in a visitor,
        two in an exchange rate), in French: each message names its key as the application
        wrote it and where it is, as the command line does (« Clé « colour » »), once.
        Before, only « Cette information n’est pas attendue ici », twice alike for the
        exchange rate, with nothing saying which key."""
        from playwright.sync_api import expect

        data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        data["colour"] = "blue"
        data["visitors"][0]["person"]["familyname"] = "X"
        data["exchange_rates"] = [{"base": "USD", "quote": "EUR", "rate": "0.9", "bogus": 1,
                                   "source": "x"}]
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), data)
        said = sorted(as_shown(p, "fr") for p in caught.value.problems)
        assert len(said) == 4 and all("«\N{NARROW NO-BREAK SPACE}" in text for text in said), said
        with page.expect_response(lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
            page.select_option("#language", "fr")
        load(page, data)
        expect(page.locator("#verdict")).to_have_class("verdict invalid")
        expect(page.locator(".messages li")).to_have_count(4)
        assert sorted(page.locator(".messages li > .said").all_text_contents()) == said
        top = [as_shown(p, "fr") for p in caught.value.problems if tuple(p.loc) == ("colour",)]
        assert len(top) == 1 and "colour" in top[0]
        expect(page.locator("#other .messages li > .said")).to_have_text(top)

    def test_text_that_is_not_json_is_said_in_the_reader_s_words(self, page: Any) -> None:
        """JSON that does not parse, pasted: the page's own words in the reader's language
        (each of four), saying where as a person counts (line 3, character 3), or that
        nothing was pasted; never the browser's English with a position ("Expected
        double-quoted property name in JSON at position 21")."""
        from playwright.sync_api import expect

        for lang in ("fr", "es", "pt", "en"):
            with page.expect_response(
                    lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
                page.select_option("#language", lang)
            said = labels()[lang]
            for text, words in [('{\n  "id": "é",\n  oops}',
                                 said["json_unread_at"].replace("{line}", "3").replace(
                                     "{column}", "3")),
                                ("  ", said["json_empty"])]:
                load(page, {})
                page.fill("#json", text)
                page.click("#load")
                expect(page.locator("#load-messages li > .said")).to_have_text([words])
        expect(page.locator("#other")).to_be_hidden()

    def test_a_list_of_applications_pasted_is_answered_record_by_record(
            self, page: Any) -> None:
        """A list of two applications pasted (the service answers it as a batch, in JSON
        Lines), then lists nested 5,000 deep (the service's problem, 400): each answer is
        read and shown. Before, both said "The service cannot be reached", though it had
        answered."""
        from playwright.sync_api import expect

        one = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        said = labels()["en"]
        load(page, [one, one])  # type: ignore[arg-type]
        expect(page.locator("#verdict")).to_have_text(said["batch"])
        top = page.locator("#other .messages li > .said")
        expect(top.first).to_have_text("Application 1 — eligible")
        expect(top.nth(1)).to_have_text("Application 2 — not eligible")
        expect(top).to_have_count(3)  # and the second's duplicate, headed by its number
        assert top.nth(2).inner_text().startswith("Application 2 — ")
        load(page, {})
        page.fill("#json", "[" * 5000 + "]" * 5000)
        page.click("#load")
        expect(page.locator("#verdict")).to_have_text(said["problem_not_json"])
        expect(top).to_have_count(1)
        assert "200" in top.inner_text()

    def test_a_pasted_records_keys_and_fields_are_named(self, page: Any) -> None:
        """A pasted list whose first application writes a key not expected holding ``[``
        and lacks a field: each of its problems is shown with its place in words, the key
        quoted as written. Before, "Application 1 — This information is not expected here"
        named neither the key nor the field."""
        from playwright.sync_api import expect

        one = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        bad = {**one, "colour[0]": "x"}
        del bad["submitter"]
        load(page, [bad, one])  # type: ignore[arg-type]
        top = page.locator("#other .messages li > .said")
        expect(top.first).to_have_text(re.compile("^Application 1 — "))
        texts = top.all_inner_texts()
        said = [t for t in texts if t.startswith("Application 1 — ")][1:]
        assert len(said) == 2, texts
        assert any(t.startswith(f"Application 1 — {place(('colour[0]',), 'en', kind=k)} — ")
                   for t in said for k in SENDERS_KEYS), said
        assert any(t.startswith(f"Application 1 — {place(('submitter',), 'en')} — ")
                   for t in said), said

    @pytest.mark.parametrize("width", [375, 1280])
    def test_the_page_is_never_wider_than_the_screen(self, browser: Any, width: int) -> None:
        """On a phone (375 px) and a laptop (1280 px), with the bundled call and with one
        whose titles are one word of 300 letters: nothing is wider than the screen. Before,
        848 px on the phone (the call picker cut), 2,035 px at 1280 px (the title), the
        checklist's clause title running 2,918 px out of its box."""
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      locale="en-GB", timezone_id="UTC")
        try:
            tab = context.new_page()
            tab.goto(browser.url + "/?lang=fr")
            tab.wait_for_selector("body[data-checked]")
            for call in ("cnrs-amsud-2026", LONG_WORD):
                with tab.expect_response(lambda r, c=call: r.url.endswith(f"/{c}/schema")):
                    tab.select_option("#call", call)
                tab.wait_for_selector("#checklist h1")
                out = tab.evaluate("""() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right
                                 > document.documentElement.clientWidth + 0.5)
                    .map(e => e.tagName + (e.id ? '#' + e.id : ''))""")
                assert out == [], (call, out)
                assert tab.evaluate("document.documentElement.scrollWidth") <= width
        finally:
            context.close()

    @pytest.mark.parametrize("width", [375, 1280])
    def test_every_html_view_fits_the_screen(self, browser: Any, width: int) -> None:
        """The call's own page (``GET /calls/{id}`` asked by a browser) and every HTML view
        a notebook or a page shows (a report, a batch, a selection, a plan), each with a
        word of 100 or 300 letters, on a phone and a laptop: none is wider than the screen.
        Nor is an amount or a date cut across two lines to fit. Before, the call's page had
        no viewport (a phone laid it out 981 px wide) and its long title ran 3,517 px out;
        the views at 375 px ran 242 to 1,091 px out; then, words broken anywhere, a plan at
        1,280 px cut « 1 1|80,|00 € » (look64p)."""
        word = "Supercalifragilistic" * 5
        call = callrules.calls.load("cnrs-amsud-2026")
        good = json.loads((EXAMPLES / "eligible.json").read_text("utf-8")) | {"id": word}
        bad = json.loads((EXAMPLES / "ineligible.json").read_text("utf-8")) | {"id": word}
        scores = [{"application": word, "reviewer": "R1", "criterion": c, "score": 3}
                  for c in ("fit", "cooperation", "durability")]
        chosen = callrules.select(call, [good], scores, envelope=callrules.Money(5000, "EUR"),
                                  now=callrules.parse_instant("2026-06-15T10:00:00+02:00"))
        views = {"report": callrules.evaluate(call, bad).html("fr"),
                 "batch": callrules.evaluate_many(call, [good, bad, {"id": word}],
                                                  progress=False).html("fr"),
                 "selection": callrules.selection_html(chosen, "fr"),
                 "plan": callrules.plan(call, good).html("fr")}
        context = browser.new_context(viewport={"width": width, "height": 800},
                                      locale="fr-FR", timezone_id="UTC",
                                      extra_http_headers={"Accept": "text/html"})
        wider = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        # amounts and dates cut across two lines, to fit a column narrowed to a letter
        cut = r"""() => { let cut = []; const w = document.createTreeWalker(document.body, 4);
            for (let n = w.nextNode(); n; n = w.nextNode())
                for (const m of n.data.matchAll(/\d[\d\u202f\u00a0.,]*\d/g)) {
                    const r = document.createRange();
                    r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
                    if (new Set([...r.getClientRects()].filter(q => q.width > 0)
                                .map(q => Math.round(q.top))).size > 1) cut.push(m[0]); }
            return cut; }"""
        try:
            tab = context.new_page()
            for call_id in ("cnrs-amsud-2026", LONG_WORD):
                tab.goto(f"{browser.url}/calls/{call_id}")
                assert tab.evaluate(wider) <= 0, call_id
            for name, view in views.items():
                tab.set_content('<!doctype html><html lang="fr"><meta charset="utf-8">'
                                '<meta name="viewport" content="width=device-width">'
                                f"<body>{view}")
                assert tab.evaluate(wider) <= 0, name
                assert tab.evaluate(cut) == [], name
        finally:
            context.close()

    @pytest.mark.parametrize("lang", ["fr", "es", "pt"])
    def test_a_right_to_left_label_leaves_its_date_whole(self, browser: Any,
                                                         lang: str) -> None:
        """A milestone labelled in Hebrew, followed by the library's date (« 21 avril
        2026 »): the date is drawn after the label, whole, on the call's own page and in
        the applicants' checklist (the call's text isolated from the library's words).
        Before, the day was drawn before the label, away from its month (9 of 16 lines)."""
        context = browser.new_context(locale=lang, timezone_id="UTC",
                                      extra_http_headers={"Accept": "text/html"})
        placed = """() => [...document.querySelectorAll("h2 + ul")[0].querySelectorAll("li")]
            .map(li => { const t = li.lastChild, i = t.data.search(/[0-9]/);
                         if (i < 0) return null;
                         const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1);
                         return r.getBoundingClientRect().x
                                > li.querySelector("b").getBoundingClientRect().right - 0.5; })
            .filter(x => x !== null)"""
        in_order = """() => { const t = [...document.querySelectorAll("li > bdi")]
                .find(e => e.textContent.includes("accueille")).firstChild;
            const at = w => { const i = t.data.indexOf(w), r = document.createRange();
                              r.setStart(t, i); r.setEnd(t, i + w.length);
                              return r.getBoundingClientRect().x; };
            return at("accueille") < at("2026") && at("القاهرة") < at("accueille"); }"""
        try:
            tab = context.new_page()
            tab.goto(f"{browser.url}/calls/{RTL}")
            after = tab.evaluate(placed)
            assert after and all(after), after
            # a French text opening with an Arabic name reads left to right all the same
            assert tab.evaluate(in_order)
        finally:
            context.close()

    @pytest.mark.parametrize(("script", "lang"), [("he", "fr"), ("ar", "en")])
    def test_a_right_to_left_label_leaves_a_message_in_order(
            self, browser: Any, tmp_path: Path, script: str, lang: str) -> None:
        """A call's label in Hebrew or Arabic inside a finding's message (« il manque
        <label>. », « <label> : 1er juin 2026, 17:00 »), in a report and a batch: the
        words and digits written after the label are drawn after it, those before it before
        it (each value a message inserts isolated). Before, 12 of 56 such message cells drew
        a date's day or a word on the label's side."""
        call = labelled_call(tmp_path, script)
        word = LABELS[script][0]
        apps = [refused(how) for how in ("late", "no approval", "category")]
        views = [callrules.evaluate(call, app, now=NOW).html(lang) for app in apps]
        views.append(callrules.evaluate_many(call, apps, progress=False, now=NOW).html(lang))
        # each label's neighbours, Latin letters or digits on its line, on their side of it
        out_of_order = r"""(word) => { let bad = [], seen = 0;
          for (const cell of document.querySelectorAll("td")) {
            if (!cell.textContent.includes(word)) continue;
            seen++; const boxes = [], w = document.createTreeWalker(cell, 4);
            for (let n = w.nextNode(); n; n = w.nextNode())
              for (let i = 0; i < n.data.length; i++) {
                const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                const q = r.getBoundingClientRect();
                boxes.push([n.data[i], q.x, q.right, Math.round(q.top)]); }
            const flat = boxes.map(b => b[0]).join("");
            for (let at = flat.indexOf(word); at >= 0; at = flat.indexOf(word, at + 1)) {
              const inside = boxes.slice(at, at + word.length), line = inside[0][3];
              const left = Math.min(...inside.map(b => b[1]));
              const right = Math.max(...inside.map(b => b[2]));
              const near = b => b[3] === line && /[A-Za-zÀ-ÿ0-9]/.test(b[0]);
              const after = boxes.slice(at + word.length).filter(near)[0];
              const before = boxes.slice(0, at).filter(near).pop();
              if ((after && after[1] < right - 0.5) || (before && before[2] > left + 0.5))
                bad.push(cell.textContent); } }
          return [seen, bad]; }"""
        context = browser.new_context(viewport={"width": 5000, "height": 900}, locale=lang)
        try:
            tab = context.new_page()
            for view in views:
                tab.set_content(f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
                                f"<body>{view}")
                seen, bad = tab.evaluate(out_of_order, word)
                assert seen and bad == [], bad
        finally:
            context.close()


def _visitors(count: int) -> dict[str, Any]:
    """The eligible application with ``count`` visitors, each from outside the call's region
    and staying too long: errors beside their fields, a visitor's own, and warnings."""
    app = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
    first = app["visitors"][0]
    app["visitors"] = [{**first, "id": f"v{n}",
                        "institution": {**first["institution"],
                                        "location": {"country": "US", "city": "Boston"}},
                        "stay": {"arrival": "2025-01-01", "departure": "2026-12-31"}}
                       for n in range(count)]
    return app


def _checked(page: Any, count: int) -> None:
    """:func:`_visitors` pasted and loaded, and the service's answer about it shown (its
    last visitor's country refused)."""
    from playwright.sync_api import expect

    load(page, _visitors(count))
    last = f"/visitors/{count - 1}/institution/location/country"
    expect(page.locator(f'[data-field="{last}"] > .messages li')).to_have_count(1)


#: Every search of the page a script can make, counted (Playwright's own run apart).
COUNTED = """() => { window.searches = 0;
  for (const kind of [Document, Element, DocumentFragment]) {
    for (const name of ["querySelector", "querySelectorAll", "getElementsByClassName",
                        "getElementsByTagName", "getElementsByName"]) {
      const real = kind.prototype[name];
      if (real) kind.prototype[name] = function (...args) {
        window.searches++; return real.apply(this, args); };
    } } }"""

#: What a screen reader lacks on the page, as lines: a control without a label; a message
#: its field's control (or its part's box) is not described by, or an error its control is
#: not marked invalid for; a message whose severity is not said in words; a description
#: only in a tooltip.
UNTIED = """(said) => { const bad = [];
  const by = (node) => (node.getAttribute("aria-describedby") || "").split(" ");
  for (const control of document.querySelectorAll("input, select, textarea"))
    if (!control.labels.length && !control.getAttribute("aria-label"))
      bad.push("unlabelled " + control.outerHTML.slice(0, 80));
  for (const item of document.querySelectorAll(".messages li")) {
    const part = item.closest("[data-field]"), list = item.parentNode;
    const control = part && part.matches(".field") ? part.querySelector("input, select") : part;
    const severity = item.querySelector(":scope > .severity");
    if (item.className !== "info" && !(severity && severity.textContent === said[item.className]))
      bad.push("severity unsaid " + item.textContent);
    if (!control) continue;
    if (!list.id || !by(control).includes(list.id)) bad.push("untied " + item.textContent);
    if (item.className === "error" && control !== part
        && control.getAttribute("aria-invalid") !== "true")
      bad.push("not invalid " + item.textContent);
  }
  for (const label of document.querySelectorAll("label[title]"))
    bad.push("tooltip " + label.textContent);
  for (const about of document.querySelectorAll(".field > .about"))
    if (!by(about.parentNode.querySelector("input, select")).includes(about.id))
      bad.push("undescribed " + about.textContent);
  return bad; }"""


#: From now on, what each live region of the page is given (a screen reader says each node
#: added, or text changed, in one): ``window.__heard``, a text a node.
HEARD = """() => { window.__heard = []; (window.__ears || []).forEach((o) => o.disconnect());
  window.__ears = [...document.querySelectorAll("[aria-live], [role=status], [role=alert]")]
    .map((region) => { const ear = new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === "characterData") window.__heard.push(change.target.data);
        for (const node of change.addedNodes) window.__heard.push(node.textContent); } });
      ear.observe(region, { childList: true, subtree: true, characterData: true });
      return ear; }); }"""


def _answered(page: Any, action: Any) -> None:
    """``action`` done, then the service's answer to the check it asks for shown."""
    before = int(page.evaluate("document.body.dataset.checked || 0"))
    action()
    page.wait_for_function(f"Number(document.body.dataset.checked) > {before}")


def _typed(page: Any, pointer: str, text: str) -> None:
    """``text`` typed in the field at ``pointer``, a character at a time, each answered (a
    person typing with pauses: a check for each character)."""
    page.locator(f'[data-pointer="{pointer}"]').focus()
    for character in text:
        _answered(page, lambda c=character: page.keyboard.type(c))


class TestForEveryone:
    def test_a_report_is_shown_with_as_many_searches_of_the_page_for_any_length(
            self, page: Any) -> None:
        """An application with 2 visitors, then with 8 (a form and findings four times as
        many): its messages are placed with the same number of searches of the page, none
        for each message. Before, each message searched the whole page for its field (and
        its parents'), so that a report's rendering grew with the form times the findings:
        250 visitors (451 KB) froze the tab for over two minutes."""
        page.evaluate(COUNTED)
        searches, shown = [], []
        for count in (2, 8):
            page.evaluate("() => { window.searches = 0; }")
            _checked(page, count)
            searches.append(page.evaluate("() => window.searches"))
            shown.append(page.locator(".messages li").count())
        assert shown[1] >= shown[0] + 6 * 3, shown
        assert searches[0] == searches[1], searches

    @pytest.mark.parametrize("lang", ["fr", "en"])
    def test_each_control_is_labelled_and_each_message_tied_to_its_field(
            self, page: Any, lang: str) -> None:
        """Every control named by a label (the box to paste JSON in too); each message
        described on its field's control (marked invalid for an error) or its part's box,
        its severity said in words in the page's language, not by colour alone; a field's
        description shown and read with it, not in a tooltip. Before, the box had no label
        (axe ``label``, critical), 0 of 19 fields were tied to their messages, and error
        and warning differed by colour and a tooltip."""
        with page.expect_response(lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
            page.select_option("#language", lang)
        _checked(page, 2)
        severities = {"error", "warning"}
        assert {page.locator(f".messages li.{kind}").count() > 0 for kind in severities} == {True}
        said = {kind: labels()[lang][kind] for kind in severities}
        assert page.evaluate(UNTIED, said) == []
        assert page.locator(".field > .about").count() > 0

    def test_the_focus_stays_in_the_list_an_item_is_added_to_or_removed_from(
            self, page: Any) -> None:
        """Enter on each list's Add button, then on Remove of its first item and of its
        last: the focus goes to the first control of the item added, then of the item that
        took the removed one's place, then, the list's last item removed, to the list's Add
        button, for every list of the form. Before, the form was drawn anew and the focus
        left on the page's body (9 of 9 presses): a keyboard went back to the top."""
        from playwright.sync_api import expect

        load(page, json.loads((EXAMPLES / "eligible.json").read_text("utf-8")))
        expect(page.locator("#verdict")).to_have_class("verdict eligible")
        lists = page.locator("#form button.add").evaluate_all(
            "buttons => buttons.map((b) => b.dataset.add)")
        assert len(lists) >= 6, lists

        def first_control(pointer: str) -> Any:
            return page.locator(f'[data-field="{pointer}"]').locator(
                "input, select, textarea").first

        for pointer in lists:
            count = page.locator(f'[data-field="{pointer}"] > .item').count()
            page.locator(f'[data-add="{pointer}"]').press("Enter")
            expect(first_control(f"{pointer}/{count}")).to_be_focused()
            if count:  # (two items or more: the second takes the first's place)
                page.locator(f'[data-field="{pointer}/0"] > button.remove').press("Enter")
                expect(first_control(f"{pointer}/0")).to_be_focused()
            last = page.locator(f'[data-field="{pointer}"] > .item').count() - 1
            page.locator(f'[data-field="{pointer}/{last}"] > button.remove').press("Enter")
            expect(page.locator(f'[data-add="{pointer}"]')).to_be_focused()

    @pytest.mark.parametrize("lang", ["en", "fr", "es", "pt"])
    def test_the_live_region_says_what_changed_once(self, page: Any, lang: str) -> None:
        """What a screen reader is told, each check of a typing flow: once, in one line, the
        verdict when it changes and the messages that are new, counted, the first said (one
        beside the field typed in first, with its field's name); nothing when an answer
        repeats the last. Before, every check said « Checking… » and the same verdict
        again (10 times for 5 characters typed), every message at the top again (12 for 3
        characters), 33 nodes of 3,758 characters at once for 16 applications pasted, and
        a new error beside the field typed in was never said."""
        from playwright.sync_api import expect

        said = labels()[lang]
        if lang != "en":
            with page.expect_response(
                    lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
                page.select_option("#language", lang)
        eligible = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        del eligible["visitors"][0]["institution"]["location"]["subdivision"]
        load(page, eligible)
        expect(page.locator("#verdict")).to_have_class("verdict eligible")
        page.evaluate(HEARD)
        _typed(page, "/visitors/0/person/given_name", "abcde")  # the same answer, 5 times
        assert page.evaluate("window.__heard") == []
        country = page.locator(f'[data-pointer="{COUNTRY}"]')
        country.fill("GF")  # (awaited by its verdict: leaving the name asks a check too)
        expect(page.locator("#verdict")).to_have_class("verdict not-eligible")
        eligible["visitors"][0]["institution"]["location"]["country"] = "GF"
        name = page.locator(f'[data-field="{COUNTRY}"] > label').text_content()
        one = said["new_message"].replace(
            "{message}", f'{name} — {said["error"]} {expected(eligible, COUNTRY, lang)}')
        assert page.evaluate("window.__heard") == [f'{said["not_eligible"]} {one}']

        keys = {**json.loads((EXAMPLES / "eligible.json").read_text("utf-8")),
                "colour": "blue", "flavour": "x"}
        with pytest.raises(callrules.InputError) as caught:
            callrules.evaluate(callrules.calls.load("cnrs-amsud-2026"), keys)
        first = f'{said["error"]} {as_shown(caught.value.problems[0], lang)}'
        assert "colour" in first
        page.evaluate(HEARD)
        load(page, keys)  # (awaited by its verdict: leaving the country asks a check too)
        expect(page.locator("#verdict")).to_have_class("verdict invalid")
        many = said["new_messages"].replace("{n}", "2").replace("{message}", first)
        assert page.evaluate("window.__heard") == [f'{said["invalid"]} {many}']
        page.evaluate(HEARD)
        _typed(page, "/visitors/0/person/given_name", "xyz")  # the same answer, 3 times
        assert page.evaluate("window.__heard") == []

        page.evaluate(HEARD)
        load(page, [eligible] * 16)  # type: ignore[arg-type]
        expect(page.locator("#verdict")).to_have_text(said["batch"])
        heard = page.evaluate("window.__heard")
        assert len(heard) == 1 and heard[0].startswith(f'{said["batch"]} '), heard
        shown = page.locator("#other .messages li").count()
        record = said["record"].replace("{n}", "1")
        counted = said["new_messages"].replace("{n}", str(shown)).split("{message}")[0]
        assert shown >= 16 and f"{counted}{said['error']} {record} — " in heard[0], heard
        assert len(heard[0]) < 400, heard

    def test_add_after_a_list_of_applications_pasted_starts_one(self, page: Any) -> None:
        """A list of applications pasted (the form holds none of them), then Add on a list
        of the form: an application is started anew, as typing in a field starts one, the
        focus on the first control of the item added. Before, Add threw a TypeError (the
        list added to was sought in the list pasted) and left the focus on the page's
        body."""
        from playwright.sync_api import expect

        eligible = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        load(page, [eligible, eligible])  # type: ignore[arg-type]
        expect(page.locator("#verdict")).to_have_text(labels()["en"]["batch"])
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        before = int(page.evaluate("document.body.dataset.checked || 0"))
        page.locator('[data-add="/visitors"]').press("Enter")
        expect(page.locator('[data-field="/visitors/0"]').locator(
            "input, select").first).to_be_focused()
        page.wait_for_function(f"Number(document.body.dataset.checked) > {before}")
        assert errors == []
        assert page.locator('[data-field="/visitors"] > .item').count() == 1

    def test_load_and_another_call_say_the_verdict_again(self, page: Any) -> None:
        """What the reader asks for is answered aloud, even as it was before: Load pressed
        again on the same application, another call chosen, the first chosen back: the
        verdict is said each time (with the messages of what is now shown, counted). Before,
        the live region kept what it had said across them, and said nothing (0 nodes each
        time, where the page before the live region said the verdict)."""
        from playwright.sync_api import expect

        said = labels()["en"]
        eligible = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        load(page, eligible)
        expect(page.locator("#verdict")).to_have_class("verdict eligible")
        page.evaluate(HEARD)
        _answered(page, lambda: load(page, eligible))
        assert page.evaluate("window.__heard") == [said["eligible"]]
        for call in (OTHER, "cnrs-amsud-2026"):
            page.evaluate(HEARD)
            _answered(page, lambda call=call: page.select_option("#call", call))
            heard = page.evaluate("window.__heard")
            shown = page.locator(".messages li").count()
            counted = said["new_messages"].replace("{n}", str(shown)).split("{message}")[0]
            assert heard == [heard[0]] and heard[0].startswith(
                f'{said["invalid"]} {counted}'), heard

    def test_two_messages_alike_at_one_place_are_two(self, page: Any) -> None:
        """Two findings at one place, of one code and one clause (a call asking two
        documents of each visitor): the second, new, is said as the first was, and a paste
        lacking both counts two. Before, the two were taken for one: the second error was
        never said, and « New message » said of two."""
        from playwright.sync_api import expect

        said = labels()["en"]
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{TWO}/schema")):
            page.select_option("#call", TWO)
        app = {**json.loads((EXAMPLES / "eligible.json").read_text("utf-8")), "call": TWO}
        app["documents"][2]["pages"] = 2  # (visitor 2's CV, of two pages: both documents)
        load(page, app)
        expect(page.locator("#verdict")).to_have_class("verdict eligible")
        cut = page.locator('[data-pointer="/documents/2/pages"]')
        page.evaluate(HEARD)
        _answered(page, lambda: cut.fill("1"))
        expect(page.locator("#verdict")).to_have_class("verdict not-eligible")
        heard = page.evaluate("window.__heard")
        one = said["new_message"].split("{message}")[0]
        assert len(heard) == 1 and f"{one}Visitor 2 — " in heard[0], heard
        assert "two pages or more" in heard[0], heard
        page.evaluate(HEARD)
        _answered(page, lambda: page.locator(
            '[data-field="/documents/2"] > button.remove').press("Enter"))
        assert page.locator('[data-field="/visitors/1"] > .messages li').count() == 2
        heard = page.evaluate("window.__heard")
        assert len(heard) == 1 and heard[0].startswith(f"{one}Visitor 2 — "), heard
        assert "this person's CV." in heard[0], heard

        app["documents"] = app["documents"][:2]
        page.evaluate(HEARD)
        _answered(page, lambda: load(page, app))
        two = said["new_messages"].replace("{n}", "2").split("{message}")[0]
        heard = page.evaluate("window.__heard")
        assert len(heard) == 1 and heard[0].startswith(f'{said["not_eligible"]} {two}'), heard

    def test_a_message_moved_or_hidden_a_while_is_not_new(self, page: Any) -> None:
        """An unchanged message is not said again as new: not when an item before its own
        is removed (its place moved up), nor when an input error came and went meanwhile
        (an answer refusing the input judges no rule, so its findings are not in it). Only
        the messages truly new are counted, and one of them said. Before, Remove of visitor
        1 said « 3 new messages », the first the country error of visitor 2 heard on load;
        typing an e-mail through an invalid one said that country error again."""
        from playwright.sync_api import expect

        said = labels()["en"]
        app = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
        app["visitors"][1]["institution"]["location"] = {"country": "US", "city": "Boston"}
        load(page, app)
        expect(page.locator("#verdict")).to_have_class("verdict not-eligible")
        country = page.locator('[data-field="/visitors/1/institution/location/country"]'
                               ' > .messages li').text_content()
        assert country
        page.evaluate(HEARD)
        _answered(page, lambda: page.locator(
            '[data-field="/visitors/0"] > button.remove').press("Enter"))
        heard = page.evaluate("window.__heard")
        # (the budget lines of visitor 1, gone: two errors, the only new ones)
        two = said["new_messages"].replace("{n}", "2").split("{message}")[0]
        assert len(heard) == 1 and heard[0].startswith(two), heard
        assert country not in heard[0], heard
        page.evaluate(HEARD)
        email = page.locator('[data-pointer="/visitors/0/person/email"]')
        email.focus()
        email.press("Control+a")
        for character in "jo@usp.br":  # (refused, as an e-mail, until « jo@usp.b »)
            _answered(page, lambda c=character: page.keyboard.type(c))
        heard = page.evaluate("window.__heard")
        assert heard and not [line for line in heard if country in line], heard

    def test_a_paste_that_does_not_read_is_said_aloud_on_its_box(self, page: Any) -> None:
        """Text that is not JSON, loaded: its message comes in a live region (a screen
        reader says it as it comes) and describes the box, marked invalid until a paste
        reads. Before, the message was in no live region and tied to nothing."""
        load(page, {})
        page.fill("#json", '{"id": "x", oops}')
        page.click("#load")
        box = page.locator("#json")
        said = page.locator("#load-messages li")
        assert said.count() == 1
        assert said.evaluate("li => !!li.closest('[aria-live]')")
        assert "load-messages" in (box.get_attribute("aria-describedby") or "").split()
        assert box.get_attribute("aria-invalid") == "true"
        load(page, {})
        assert said.count() == 0 and box.get_attribute("aria-invalid") is None

    def test_a_call_s_texts_in_another_language_are_marked_with_it(self, page: Any) -> None:
        """A call in English and Finnish, the page in French: its title in the list of
        calls, its fields' labels and its vocabulary's options are marked English (a screen
        reader reads "Career stage" with an English voice), the library's own words are
        not; each language offered is marked with its own (« Español »). Before, none was:
        18 of 30 of the call's texts and the 4 languages' names read as French."""
        from playwright.sync_api import expect

        with page.expect_response(lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
            page.select_option("#language", "fr")
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{POSTDOC}/schema")):
            page.select_option("#call", POSTDOC)
        # (the form drawn for the call chosen, not the one before it, still shown meanwhile)
        expect(page.locator("#form label").filter(has_text="Career stage").first).to_be_visible()
        offered = page.locator("#language option").evaluate_all(
            "options => options.map(o => [o.value, o.lang])")
        assert offered and all(value == lang for value, lang in offered), offered
        expect(page.locator(f'#call option[value="{POSTDOC}"]')).to_have_attribute("lang", "en")
        assert page.locator('#call option[value="cnrs-amsud-2026"]').get_attribute(
            "lang") is None
        call = tomllib.loads(POSTDOC_FILE.read_text("utf-8"))
        english = {field["label"]["en"] for level in call["fields"].values()
                   for field in level.values()}
        english |= {value["en"] for vocabulary in call["vocabularies"].values()
                    for value in vocabulary["values"].values()}
        read = page.locator("#form label, #form option, #form legend").evaluate_all(
            "nodes => nodes.map(n => [n.tagName, n.textContent, n.closest('[lang]').lang])")
        own = [(tag, text, lang) for tag, text, lang in read if text in english]
        assert {tag for tag, _, _ in own} >= {"LABEL", "OPTION"}, read
        assert {lang for _, _, lang in own} == {"en"}, own
        assert {lang for _, text, lang in read if text not in english} == {"fr"}

    def test_a_description_marks_the_call_s_values_with_their_language(self, page: Any
                                                                        ) -> None:
        """A field's description mixing the library's words and a call's values (« Cet appel
        accepte : postdoctoral researcher ») has each value in a ``<bdi>`` of the page's
        direction, the call's English label marked English on a French page, the words
        around them unmarked, and reads as the schema's description. Before, it was one
        text, read as French throughout (look72a's leftover)."""
        from playwright.sync_api import expect

        with page.expect_response(lambda r: r.url.endswith("/calls/cnrs-amsud-2026/schema")):
            page.select_option("#language", "fr")
        with page.expect_response(lambda r: r.url.endswith(f"/calls/{POSTDOC}/schema")):
            page.select_option("#call", POSTDOC)
        about = page.locator('[data-field="/fields/career_stage"] > .about')
        expect(about).to_have_count(1)
        call = callrules.Call.from_file(POSTDOC_FILE)
        described = callrules.schema("application", call, "fr")["$defs"]["ApplicationFields"][
            "properties"]["career_stage"]
        assert about.text_content() == described["description"]
        values = about.locator("bdi").evaluate_all(
            "nodes => nodes.map(n => [n.textContent, n.dir, n.lang])")
        assert values == [["postdoctoral researcher", "ltr", "en"]], values


def test_no_name_is_declared_twice_in_the_page_s_script() -> None:
    """Each function and top-level constant of the page's script is declared once: in a
    script a later declaration of a name silently replaces the first (two changes each
    adding an ``about`` stopped the page before its first answer: every browser test timed
    out waiting for it, and nothing said why)."""
    script = (ROOT / "src" / "callrules" / "serve" / "page" / "app.js").read_text("utf-8")
    names = re.findall(r"^(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(", script, re.M)
    names += re.findall(r"^(?:const|let|var|class)\s+([A-Za-z_$][\w$]*)", script, re.M)
    assert names and not [name for name in set(names) if names.count(name) > 1]


#: A copy of the bundled call asking a yes/no question (required) of the application.
YES_NO = "yes-no"


def _yes_no_call(folder: Path) -> None:
    """Write the bundled call as ``YES_NO`` in ``folder``, asking « Already funded? »."""
    data = tomllib.loads((ROOT / "src/callrules/calls/cnrs-amsud-2026.toml").read_text("utf-8"))
    data["id"] = YES_NO
    data.setdefault("fields", {}).setdefault("application", {})["already_funded"] = {
        "type": "boolean", "required": True,
        "label": {lang: f"Already funded ({lang})" for lang in data["title"]}}
    (folder / f"{YES_NO}.json").write_text(json.dumps(data, default=str), "utf-8")


@pytest.fixture(scope="module")
def spoken(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The browser on a service speaking, beyond its own four languages, a platform's Arabic,
    Polish, Traditional Chinese (``zh_TW``) and Latin Serbian (``sr_Latn``) (catalogs made as
    the how-to makes them); the calls: the bundled one and
    :data:`YES_NO` (one Playwright driver a process: the browser's)."""
    folder = tmp_path_factory.mktemp("calls")
    _yes_no_call(folder)
    with kept_registries():
        callrules.register_catalogs(platform_catalogs(tmp_path_factory.mktemp("locale"),
                                                      ("ar", "pl", "zh_TW", "sr_Latn")))
        with serving(create_app(folder)) as url:
            yield SimpleNamespace(new_context=browser.new_context, url=url)


def _opened(browser: Any, lang: str, call: str = "cnrs-amsud-2026") -> Any:
    """A tab of ``browser`` on the page in ``lang`` (``?lang=``), ``call`` chosen, checked."""
    context = browser.new_context(locale="en-GB", timezone_id="America/Sao_Paulo")
    tab = context.new_page()
    tab.goto(f"{browser.url}/?lang={lang}")
    tab.wait_for_selector("body[data-checked]")
    if call != "cnrs-amsud-2026":
        with tab.expect_response(lambda r: r.url.endswith(f"/calls/{call}/schema")):
            tab.select_option("#call", call)
    return tab


#: The service's own words on the page (its labels, the language's name, the buttons, a
#: yes/no's answers, the verdict), each with the key it is said by.
OWN_WORDS = """() => [
  ...[...document.querySelectorAll("[data-label]")].map((n) => [n.dataset.label, n.textContent]),
  ...[...document.querySelectorAll("button.add, button.remove, #verdict")]
    .map((n) => [n.id ? `#${n.id}` : `button.${n.className}`, n.textContent]),
  ...[...document.querySelectorAll("select option[value=true], select option[value=false]")]
    .map((n) => [n.value, n.textContent])]"""


class TestLanguagesSpoken:
    def test_the_page_speaks_every_language_the_service_speaks(self, spoken: Any) -> None:
        """A law over every language the service speaks (its four and a platform's Arabic
        and Polish): the page offers each, by its name in itself; opened in it, the page is
        marked in it (``lang``), laid out in its direction (``dir``: right to left for
        Arabic), and every word of the service's own on it is the catalog's, none English
        left in a platform's language. Before, the page offered en, fr, es and pt only:
        ``?lang=ar`` gave an English page, left to right (att82 F6)."""
        spoken_here = labels()
        assert {"ar", "pl"} <= set(spoken_here)
        for lang, words in spoken_here.items():
            tab = _opened(spoken, lang, YES_NO)
            try:
                offered = tab.eval_on_selector_all(
                    "#language option", "os => os.map((o) => [o.value, o.textContent])")
                assert dict(offered) == {code: said["language_name"]
                                         for code, said in spoken_here.items()}
                assert tab.eval_on_selector("#language", "e => e.value") == lang
                assert tab.evaluate("[document.documentElement.lang, document.documentElement"
                                    ".dir]") == [bcp47(lang), direction(lang)]
                shown = tab.evaluate(OWN_WORDS)
                assert len(shown) > 10, shown
                for key, text in shown:
                    if key in words:
                        assert text == words[key], (lang, key, text)
                    if lang in LETTERS:  # (a platform's: its words are its letters only)
                        assert not re.search(r"[A-Za-z]", text), (lang, key, text)
            finally:
                tab.context.close()

    @pytest.mark.parametrize(("asked", "lang"), [
        ("zh-TW", "zh_TW"), ("zh_tw", "zh_TW"), ("zh-Hant-TW", "zh_TW"), ("zh-HK", "zh_TW"),
        ("sr-Latn", "sr_Latn"), ("SR_latn_RS", "sr_Latn"), ("pl-PL", "pl"),
        ("zh-CN", "en"), ("sr-Cyrl", "en")])
    def test_a_tagged_language_is_picked_by_its_whole_tag(self, spoken: Any, asked: str,
                                                          lang: str) -> None:
        """``?lang=`` names a platform's language tagged with a region or a script
        (``zh_TW``, ``sr_Latn``) however spelt, or longer (BCP 47's lookup, CLDR's likely
        script: ``zh-HK`` is Traditional Chinese, never Simplified ``zh-CN``): the page is
        in it, marked with its BCP 47 tag (``<html lang="zh-TW">``), with no error of the
        browser's. Before, the tag was read by its first part (``zh``), which no language
        offered is: the page came in English."""
        tab = _opened(spoken, asked)
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            assert tab.eval_on_selector("#language", "e => e.value") == lang
            assert tab.evaluate("document.documentElement.lang") == bcp47(lang)
            words = labels()[lang]
            shown = [(key, text) for key, text in tab.evaluate(OWN_WORDS) if key in words]
            assert len(shown) > 5 and all(text == words[key] for key, text in shown), shown
            marked = tab.evaluate("[...document.querySelectorAll('[lang]')].map((e) => e.lang)")
            assert "_" not in "".join(marked), marked  # (HTML's lang: BCP 47's, each)
            load(tab, json.loads((EXAMPLES / "eligible.json").read_text("utf-8")))
            expect_verdict(tab, "eligible")
            assert errors == []
        finally:
            tab.context.close()

    def test_the_browser_s_tagged_language_is_the_page_s(self, spoken: Any) -> None:
        """A browser set to Traditional Chinese (``navigator.languages``: ``zh-TW``) opens
        the page in the platform's ``zh_TW`` with no ``?lang=``. Before, English."""
        context = spoken.new_context(locale="zh-TW", timezone_id="Asia/Taipei")
        tab = context.new_page()
        try:
            tab.goto(f"{spoken.url}/")
            tab.wait_for_selector("body[data-checked]")
            assert tab.evaluate("document.documentElement.lang") == "zh-TW"
            assert tab.eval_on_selector("#language", "e => e.value") == "zh_TW"
        finally:
            context.close()

    @pytest.mark.parametrize(("locale", "asked", "chosen"), [
        ("sr-RS", "", "sr@ijekavian"), ("sr", "", "sr@ijekavian"),
        ("en-GB", "?lang=sr", "sr@ijekavian"), ("en-GB", "?lang=sr-ijekavian", "sr@ijekavian"),
        ("en-US", "?lang=en@quot", "en@quot"), ("zh-HK", "", "zh_TW"),
        ("en-GB", "?lang=zh-Hant", "zh_TW"), ("zh-CN", "", "zh")])
    def test_a_catalog_named_with_no_bcp47_tag_still_opens_the_page(
            self, browser: Any, tmp_path: Path, locale: str, asked: str, chosen: str) -> None:
        """A platform's catalog named as KDE and gettext name some (``sr@ijekavian``,
        ``en@quot``) is a valid tag to the browser (``sr-ijekavsk``, ``en-x-quot``): a
        Serbian reader's page opens in it, with no error of the browser's; a tag naming a
        script or region is the platform's catalog in it beside the untagged one (``zh-HK``
        is ``zh_TW`` beside ``zh``, as the service chooses). Before, the page never loaded
        (look76v F1: ``Invalid language tag: sr-ijekavian``, thrown by ``Intl``), and
        ``zh-HK`` was the Simplified ``zh`` (F2)."""
        with kept_registries():
            callrules.register_catalogs(platform_catalogs(
                tmp_path, ("sr@ijekavian", "en@quot", "zh", "zh_TW"),
                letters={"sr@ijekavian": "бвгдђжзијклљмнњћџш", "en@quot": "“”‘’",
                         "zh": "的一是不了人我在有他这中大来上国个"}))
            with serving(create_app()) as url:
                context = browser.new_context(locale=locale, timezone_id="Europe/Belgrade")
                tab = context.new_page()
                errors: list[str] = []
                tab.on("pageerror", lambda exc: errors.append(str(exc)))
                try:
                    tab.goto(f"{url}/{asked}")
                    tab.wait_for_selector("body[data-checked]", timeout=30_000)
                    assert tab.eval_on_selector("#language", "e => e.value") == chosen
                    assert tab.evaluate("document.documentElement.lang") == bcp47(chosen)
                    load(tab, json.loads((EXAMPLES / "eligible.json").read_text("utf-8")))
                    expect_verdict(tab, "eligible")
                    assert errors == []
                finally:
                    context.close()

    def test_a_yes_no_question_is_answered_no(self, spoken: Any) -> None:
        """A required yes/no question offers yes and no, in the reader's words; « no » is
        sent as false (the application eligible), and an unanswered one as missing. Before,
        it was a box, and a box left unchecked was sent absent: « This information is
        required » for an applicant who meant no (att82 F7)."""
        tab = _opened(spoken, "fr", YES_NO)
        try:
            posted: list[Any] = []
            tab.on("request", lambda r: posted.append(json.loads(r.post_data))
                   if r.method == "POST" else None)
            load(tab, json.loads((EXAMPLES / "eligible.json").read_text("utf-8")) | {
                "call": YES_NO})
            pointer = "/fields/already_funded"
            control = tab.locator(f'[data-pointer="{pointer}"]')
            assert control.evaluate("e => [...e.options].map((o) => o.textContent)") == [
                "", "Oui", "Non"]
            expect_verdict(tab, "invalid")
            assert messages(tab, pointer).count() == 1  # (unanswered: asked for)
            for answer, sent in (("false", False), ("true", True)):
                with tab.expect_response(lambda r: r.request.method == "POST"):
                    control.select_option(answer)
                expect_verdict(tab, "eligible")
                assert posted[-1]["fields"]["already_funded"] is sent
                assert messages(tab, pointer).count() == 0
        finally:
            tab.context.close()

    @pytest.mark.parametrize("pasted", ["false", "true"])
    def test_a_pasted_yes_no_text_is_shown_as_written(self, spoken: Any, pasted: str) -> None:
        """A yes/no pasted as the text "false" (or "true"), which the service refuses, is
        shown as written and chosen, beside the service's message: never « Non » chosen
        beside "yes or no expected". Before, « Non » was shown: the added option had the
        value of « Non » (look75g F4)."""
        tab = _opened(spoken, "fr", YES_NO)
        try:
            data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
            data = data | {"call": YES_NO}
            data["fields"] = {**data.get("fields", {}), "already_funded": pasted}
            load(tab, data)
            control = tab.locator('[data-pointer="/fields/already_funded"]')
            expect_verdict(tab, "invalid")
            assert control.evaluate("e => e.selectedOptions[0].textContent") == pasted
            assert control.evaluate("e => [...e.options].map((o) => o.textContent)") == [
                "", "Oui", "Non", pasted]
        finally:
            tab.context.close()

    def test_a_country_typed_with_a_keyboard_apostrophe_is_found(self, spoken: Any) -> None:
        """« Côte d'Ivoire » typed with a keyboard's apostrophe is CLDR's « Côte d’Ivoire »:
        ``CI`` is sent. Before, it was refused as no code (look75g F5a)."""
        tab = _opened(spoken, "fr")
        try:
            load(tab, json.loads((EXAMPLES / "eligible.json").read_text("utf-8")))
            expect_verdict(tab, "eligible")
            control = tab.locator(f'[data-pointer="{COUNTRY}"]')
            from playwright.sync_api import expect

            control.fill("Côte d'Ivoire")
            control.blur()
            expect(control).to_have_value("CI")
        finally:
            tab.context.close()

    @pytest.mark.parametrize("lang", ["fr", "es", "pt", "en"])
    def test_a_country_is_chosen_by_its_name(self, spoken: Any, lang: str) -> None:
        """A country (and the application's language) is offered from the codes the schema
        lists, each by its name in the reader's language; typed by that name (or the code
        in small letters), the code is sent. Before, they were bare text boxes: « Brésil »
        and « br » refused, the reader left to know ISO's codes (att82 F8)."""
        tab = _opened(spoken, lang)
        try:
            data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
            load(tab, data)
            expect_verdict(tab, "eligible")
            control = tab.locator(f'[data-pointer="{COUNTRY}"]')
            coded = data["visitors"][0]["institution"]["location"]["country"]
            name = Locale.parse(lang).territories[coded]
            listed = control.evaluate("e => Object.fromEntries([...e.list.options].map("
                                      "(o) => [o.value, o.label]))")
            assert len(listed) > 200 and listed[coded] == name
            assert tab.locator('[data-pointer="/language"]').evaluate(
                "e => e.list.options.length") > 100
            for typed in (name, coded.lower()):
                control.fill(typed)
                control.blur()
                expect_verdict(tab, "eligible")
                assert control.input_value() == coded
                assert messages(tab, COUNTRY).count() == 0
        finally:
            tab.context.close()

    def test_a_subdivision_is_offered_from_its_country_s(self, spoken: Any) -> None:
        """A location's subdivision is offered from the codes of the country chosen beside
        it (the schema's ``if`` country ``then`` subdivision), made again as the country
        changes. Before, it was a bare text box (att82 F8)."""
        tab = _opened(spoken, "fr")
        try:
            data = json.loads((EXAMPLES / "eligible.json").read_text("utf-8"))
            load(tab, data)
            expect_verdict(tab, "eligible")
            subdivision = tab.locator(f'[data-pointer="{COUNTRY[:-len("country")]}subdivision"]')
            codes = "e => [...e.list.options].map((o) => o.value)"
            before = subdivision.evaluate(codes)
            country = data["visitors"][0]["institution"]["location"]["country"]
            assert before and all(code.startswith(country + "-") for code in before)
            tab.locator(f'[data-pointer="{COUNTRY}"]').fill("Argentine")
            after = subdivision.evaluate(codes)
            assert "AR-B" in after and all(code.startswith("AR-") for code in after)
            # each by its name, the service's (pycountry's): « Buenos Aires », not
            # « Argentine, AR-B » (look75g F5b)
            from callrules._i18n import subdivision_name

            named = subdivision_name("AR-B", "fr")
            assert named and named != "AR-B"
            tab.wait_for_function(
                "([at, name]) => [...document.querySelector(`[data-pointer=\"${at}\"]`).list"
                ".options].some((o) => o.value === 'AR-B' && o.label === name)",
                arg=[f"{COUNTRY[:-len('country')]}subdivision", named], timeout=10_000)
        finally:
            tab.context.close()


def expect_verdict(tab: Any, kind: str) -> None:
    """Wait for the page's verdict to be ``kind`` (``eligible``, ``invalid``…)."""
    from playwright.sync_api import expect

    expect(tab.locator("#verdict")).to_have_class(f"verdict {kind}", timeout=20000)
