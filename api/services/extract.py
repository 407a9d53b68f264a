"""Text of an uploaded .txt / .docx / .pdf, extracted in a child process with limits.

Parsing a hostile .docx or .pdf is CPU and memory work the gateway's event loop must never do: a 2.6 KB
.docx once held the loop for 5 s. `extract_in_worker` runs `python -m api.services.extract` with the file
on stdin, under an address-space limit (EXTRACT_MEMORY_MB), a CPU-time limit and a wall-clock timeout
(EXTRACT_TIMEOUT_S, the child is killed), and a .docx is refused before parsing when its parts would
unzip to more than EXTRACT_MAX_UNZIPPED_MB or its document holds more than MAX_ELEMENTS XML elements.
"""
from __future__ import annotations

import asyncio
import io
import json
import math
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_ELEMENTS = 2_000_000
MAX_ZIP_ENTRIES = 2000
TOO_LARGE = "文件解压后内容过大或结构过于复杂，无法处理。请另存为较小的文件后上传。"
TIMED_OUT = "文件处理超时（内容过于复杂），请另存为纯文本或较小的文件后上传。"
UNREADABLE = "文件无法读取，可能已损坏，请检查后重新上传。"


class Rejected(ValueError):
    """A Chinese reason the file is refused (bad type, too large unzipped, unreadable)."""


def check_docx(data: bytes, max_unzipped: int) -> None:
    """Refuse a zip bomb before any XML is parsed: total unzipped size, entry count, element count."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > max_unzipped:
            raise Rejected(TOO_LARGE)
        for info in infos:
            if info.filename.endswith(".xml"):
                with archive.open(info) as part:  # read in bounded chunks: file_size may lie
                    count, read = 0, 0
                    while chunk := part.read(1 << 20):
                        read += len(chunk)
                        count += chunk.count(b"<")
                        if read > max_unzipped or count > MAX_ELEMENTS:
                            raise Rejected(TOO_LARGE)


def extract_text(filename: str, data: bytes, max_unzipped: int = 40 << 20) -> str:
    """Plain text of a .txt / .docx / .pdf upload; cleaning and segmentation happen in add_document."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "txt":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise Rejected("文本文件编码无法识别，请另存为 UTF-8 后上传。")
    if suffix == "docx":
        import docx

        check_docx(data, max_unzipped)
        document = docx.Document(io.BytesIO(data))
        rows = ["\t".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
        return "\n".join([p.text for p in document.paragraphs] + rows)
    if suffix == "pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    raise Rejected("只支持 .txt、.docx、.pdf 文件。")


def _limit(memory_mb: int, cpu_s: int):  # noqa: ANN202
    def apply() -> None:  # runs in the child between fork and exec
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    return apply


async def extract_in_worker(filename: str, data: bytes, *, timeout_s: float, memory_mb: int,
                            max_unzipped: int) -> str:
    """The file's text from a limited child process; Rejected with a Chinese reason otherwise."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "api.services.extract", filename[-200:], str(max_unzipped), cwd=str(ROOT),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        preexec_fn=_limit(memory_mb, math.ceil(timeout_s)))
    try:
        out, _ = await asyncio.wait_for(proc.communicate(data), timeout_s)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        raise Rejected(TIMED_OUT) from None
    try:
        answer = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Rejected(UNREADABLE) from None  # killed by a limit, or crashed
    if "error" in answer:
        raise Rejected(str(answer["error"]))
    return str(answer.get("text", ""))


def _main() -> None:
    filename, max_unzipped = sys.argv[1], int(sys.argv[2])
    try:
        result = {"text": extract_text(filename, sys.stdin.buffer.read(), max_unzipped)}
    except Rejected as exc:
        result = {"error": str(exc)}
    except MemoryError:
        result = {"error": TOO_LARGE}
    except Exception:  # noqa: BLE001 — a corrupt .docx/.pdf is bad input, not a server error
        result = {"error": UNREADABLE}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    _main()
