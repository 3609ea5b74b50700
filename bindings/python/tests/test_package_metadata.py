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
