"""The installed distribution carries the license texts and the license expression."""

import pathlib
from importlib import metadata

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_license_files_and_expression():
    meta = metadata.metadata("cardseal")
    assert meta["License-Expression"] == "MIT OR Apache-2.0"
    assert sorted(meta.get_all("License-File") or []) == ["LICENSE-APACHE", "LICENSE-MIT"]
    files = {f.name: f for f in metadata.files("cardseal") or [] if f.parent.name == "licenses"}
    assert sorted(files) == ["LICENSE-APACHE", "LICENSE-MIT"]
    for name, f in files.items():
        assert f.read_text(encoding="utf-8") == (ROOT / name).read_text(encoding="utf-8"), name


def test_no_placeholder_urls():
    meta = metadata.metadata("cardseal")
    assert "example.invalid" not in str(meta)


def test_project_urls_and_description():
    meta = metadata.metadata("cardseal")
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert urls["Repository"] == "https://github.com/cardseal/cardseal"
    assert urls["Issues"] == "https://github.com/cardseal/cardseal/issues"
    assert meta["Summary"].startswith("Exact, fast implementations of card-issuing providers'")
    assert meta["Requires-Python"] == ">=3.9"
