"""Chromium prints the catalogue to PDF: the directory and the programme come out as a catalogue
a person can read on paper (no navigation, every exhibitor with its stand)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from eexpo import demo

pytestmark = pytest.mark.e2e


def _printed(page, path: str) -> str:
    page.goto(path)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # lines wrap where the paper ends


def test_the_directory_and_programme_print_as_a_catalogue(page):
    directory = _printed(page, "/catalogue/exhibitors?by=hall")
    assert "Exhibitor directory" in directory
    for name, *_rest in demo.EXHIBITORS:
        assert name in directory, name
    assert "Hall 1 · A" in directory
    assert "Order:" not in directory  # the screen's controls stay off paper
    assert "Printed from http://127.0.0.1:" in directory

    programme = _printed(page, "/catalogue/programme")
    assert "Forum on clean energy and new materials" in programme
    assert "Zhang Min (Qinghai Hydrogen)" in programme
