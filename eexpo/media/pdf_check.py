"""Check one uploaded PDF and draw its first page, in a process of its own (`documents.py` runs
this file as a script).

A PDF is a program's worth of objects: streams that inflate to gigabytes, page trees that never
end, scripts and attached files. So this process limits its own CPU time and memory before it
reads a byte, and imports nothing of eexpo (importing the app cost a second per file). It prints
one JSON object: `{"pages": n}`, with page 1 drawn as a PNG at THUMBNAIL_PATH, or
`{"refused": reason, ...}`. A process the limits end prints nothing, which says the same.

    python pdf_check.py PDF_PATH THUMBNAIL_PATH MAX_PAGES CPU_SECONDS MAX_BYTES
"""

from __future__ import annotations

import json
import logging
import resource
import sys
from typing import Any

# Keys that carry something that runs or something attached, wherever they appear.
ACTIVE_KEYS = frozenset(
    {"/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/RichMedia",
     "/XFA"}
)  # fmt: skip
# Action types (`/S`) that run code, start programs, fetch or send data, or open attached files.
ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/RichMediaExecute",
     "/Rendition", "/Movie", "/Sound"}
)  # fmt: skip
# The longer side of the drawn first page, in pixels.
THUMBNAIL_PIXELS = 1600


def limit(cpu_seconds: int, max_bytes: int) -> None:
    """Past the CPU time the kernel ends the process; past the memory, allocations fail."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def active_content(trailer: Any) -> str | None:
    """The first key or action in the document's object graph that runs or carries a file."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [trailer]
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            if (value.idnum, value.generation) in seen:
                continue
            seen.add((value.idnum, value.generation))
            value = value.get_object()
        if isinstance(value, DictionaryObject):  # streams too: their dictionaries
            for key, item in dict.items(value):  # as stored: references left unresolved
                if key in ACTIVE_KEYS:
                    return str(key)
                if key == "/S" and item in ACTIVE_ACTIONS:
                    return str(item)
                stack.append(item)
        elif isinstance(value, ArrayObject):
            stack.extend(list.__iter__(value))
    return None


def check(path: str, thumbnail: str, max_pages: int) -> dict[str, Any]:
    with open(path, "rb") as file:
        head = file.read(1024)
        file.seek(0, 2)
        file.seek(max(0, file.tell() - 1024))
        tail = file.read()
    if b"%PDF-" not in head:
        return {"refused": "not_pdf"}
    if b"%%EOF" not in tail:  # every PDF ends so; a cut-off upload does not
        return {"refused": "damaged"}
    import pypdf

    try:
        reader = pypdf.PdfReader(path, strict=False)
        if reader.is_encrypted:
            return {"refused": "encrypted"}
        pages = len(reader.pages)
        found = active_content(reader.trailer)
    except MemoryError:
        raise
    except Exception:  # a hostile file raises whatever the parser meets: it is damaged
        return {"refused": "damaged"}
    if found:
        return {"refused": "active", "found": found}
    if pages > max_pages:
        return {"refused": "pages", "pages": pages}
    if pages < 1:
        return {"refused": "damaged"}
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
        if len(document) != pages:
            return {"refused": "damaged"}
        page = document[0]
        width, height = page.get_size()
        if not (width > 0 and height > 0):
            return {"refused": "damaged"}
        scale = min(THUMBNAIL_PIXELS / max(width, height), 8.0)
        page.render(scale=scale).to_pil().save(thumbnail, "PNG")
    except MemoryError:
        raise
    except Exception:
        return {"refused": "damaged"}
    return {"pages": pages}


def main(arguments: list[str]) -> None:
    path, thumbnail, max_pages, cpu_seconds, max_bytes = arguments
    limit(int(cpu_seconds), int(max_bytes))
    logging.disable(logging.CRITICAL)  # pypdf's warnings about a file's flaws
    try:
        result = check(path, thumbnail, int(max_pages))
    except (MemoryError, RecursionError):
        result = {"refused": "resources"}
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
