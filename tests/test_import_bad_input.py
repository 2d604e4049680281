"""Articles the importer cannot map (components/authoring/input_checks.py), in the CLI and the app:
a script the gazetteer does not cover, no place at all, a name that resolves into the sea.
Each gets one clear message naming the file, and nothing is written to the stories folder."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT
from .test_app_import import at, stories_dir  # noqa: F401 - the app on a copy of stories/ (fixtures)

# Written for these tests (short news-style lines; the place names are real).
SCRIPTS = {
    "chinese.txt": ("泰国南部发生洪水\n\n曼谷气象部门表示，宋卡府和北大年府的洪水迫使数千人撤离。\n", "Han (Chinese characters)"),
    "thai.txt": ("น้ำท่วมภาคใต้\n\nกรมอุตุนิยมวิทยาแจ้งว่าน้ำท่วมในจังหวัดสงขลาและปัตตานีทำให้ประชาชนหลายพันคนต้องอพยพ\n", "Thai"),
    "amharic.txt": ("በአዲስ አበባ ጎርፍ\n\nበአዲስ አበባ እና በባህር ዳር ከባድ ዝናብ ጎርፍ አስከትሏል ሲሉ ባለስልጣናት ተናግረዋል።\n", "Ethiopic (Amharic, Tigrinya)"),
    "georgian.txt": ("წყალდიდობა თბილისში\n\nთბილისსა და ქუთაისში ძლიერმა წვიმამ სახლები დატბორა, განაცხადეს ოფიციალურმა პირებმა.\n", "Georgian"),
    "russian.txt": ("Наводнение в Хороге\n\nВ Хороге и Ишкашиме сильные дожди затопили дома, сообщили власти.\n", "Cyrillic"),
}
NO_PLACE = "A quiet day\n\nNothing happened anywhere today, officials said, and the market stayed closed.\n"
AT_SEA = ("Storm surge floods homes on a Pacific atoll\n\nOfficials in the Marshall Islands said on Tuesday that a storm "
          "surge had flooded homes on Enewetak overnight, and that a supply ship would leave Majuro on Thursday.\n")
# Enewetak (GeoNames 7306511) lies ~320 km from every Natural Earth 10 m country polygon.
SEA_MESSAGE = "sea.txt: passage p1: 'Enewetak' resolves to a point in the sea: Enewetak (GeoNames 7306511"
NO_PLACE_MESSAGE = "quiet.txt: no place named in the gazetteer was found in the article (1 paragraph read)"

CASES = [(name, text, f"{name}: the article is written in the {script} script") for name, (text, script) in SCRIPTS.items()]
CASES += [("quiet.txt", NO_PLACE, NO_PLACE_MESSAGE), ("sea.txt", AT_SEA, SEA_MESSAGE)]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "components", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name, text, message", CASES, ids=[c[0] for c in CASES])
def test_cli_refuses_with_one_line_naming_the_file_and_writes_nothing(tmp_path, name, text, message):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    stories = tmp_path / "stories"
    r = cli("import", str(src), "--out", str(stories / "draft.yaml"))
    assert r.returncode == 2, r.stdout + r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], r.stderr
    assert r.stdout == ""
    assert not stories.exists()  # not even the folder


def test_cli_still_imports_a_latin_article_quoting_another_script(tmp_path):
    """The script check looks at most of the letters, not at any: an English report quoting a
    Cyrillic name imports as usual."""
    src = tmp_path / "khorog.txt"
    src.write_text("Floods in Khorog\n\nResidents of Khorog (Хорог) said the Gunt river rose overnight and "
                   "flooded homes near the bazaar.\n", encoding="utf-8")
    out = tmp_path / "stories" / "khorog.yaml"
    r = cli("import", str(src), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "khorugh" in out.read_text(encoding="utf-8")


def test_sea_message_gives_the_point_and_distance(tmp_path):
    src = tmp_path / "sea.txt"
    src.write_text(AT_SEA, encoding="utf-8")
    r = cli("import", str(src), "--out", str(tmp_path / "x.yaml"))
    m = re.search(r"11\.3\d°N 162\.3\d°E\) lies ([\d,]+) km from the nearest country", r.stderr)
    assert m and 250 < int(m.group(1).replace(",", "")) < 400, r.stderr
    assert not (tmp_path / "x.yaml").exists()


# --- the app's import panel (AppTest: the real app script) -----------------------------------------


def _errors(at) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]  # messages are shown with Markdown escaped


def _files(folder) -> list[tuple[str, int]]:
    return sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())


APP_CASES = [c for c in CASES if c[0] in ("chinese.txt", "amharic.txt", "quiet.txt", "sea.txt")]


@pytest.mark.parametrize("name, text, message", APP_CASES, ids=[c[0] for c in APP_CASES])
def test_app_upload_refused_with_the_message_and_nothing_written(at, stories_dir, name, text, message):
    before = _files(stories_dir)
    at.file_uploader(key="upload").set_value((name, text.encode("utf-8"), "text/plain"))
    at.run()
    assert not at.exception, at.exception
    assert any(message in e for e in _errors(at)), _errors(at)
    assert "opened" not in at.session_state or at.session_state["opened"] is None  # no draft either
    assert _files(stories_dir) == before


@pytest.mark.parametrize("text, message", [
    (SCRIPTS["georgian.txt"][0], "pasted text: the article is written in the Georgian script"),
    (AT_SEA, "pasted text: passage p1: 'Enewetak' resolves to a point in the sea"),
], ids=["georgian", "sea"])
def test_app_paste_refused_with_the_message_and_nothing_written(at, stories_dir, text, message):
    before = _files(stories_dir)
    at.text_area(key="paste").input(text)
    at.button(key="paste_go").click().run()
    assert not at.exception, at.exception
    assert any(message in e for e in _errors(at)), _errors(at)
    assert "opened" not in at.session_state or at.session_state["opened"] is None
    assert _files(stories_dir) == before
