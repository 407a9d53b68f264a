"""Finding 4: a small .docx froze the gateway (extraction inside the event loop) and a 50 MB body was
read whole before the 401. Now bodies are capped before anything reads them, uploads are authorised
before their body is read, and extraction runs in a limited child process."""
from __future__ import annotations

import io
import socket
import threading
import time
import zipfile
from urllib.parse import urlsplit

import httpx

from tests.security.conftest import Stack

META = {"title": "测试文件", "issuer": "测试机关", "date": "2026-01-05", "region": "上海市"}


def docx_with(body_xml: str) -> bytes:
    """A real .docx (python-docx's template) whose body starts with `body_xml`."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    source, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body_xml.encode())
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _raw_status(stack: Stack, headers: str) -> tuple[int, float]:
    """Send only the request head (a 50 MB Content-Length, no body) and time the status line."""
    parts = urlsplit(stack.base)
    start = time.perf_counter()
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall((f"POST /api/staff/documents HTTP/1.1\r\nHost: {parts.netloc}\r\n{headers}"
                      "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 52428800\r\n\r\n").encode())
        line = sock.recv(200).split(b"\r\n", 1)[0]
    return int(line.split()[1]), time.perf_counter() - start


def test_huge_body_is_refused_before_it_is_read(stack: Stack) -> None:
    for headers in ("", f"Authorization: Bearer {stack.secret('STAFF_TOKEN')}\r\n"):
        status, took = _raw_status(stack, headers)
        assert status == 413 and took < 5
    with stack.client(source="127.0.0.51") as outsider:  # within the cap but not staff: 401 before reading
        resp = outsider.post("/api/staff/documents", data=META, files={"file": ("a.txt", b"x" * 4_000_000)})
        assert resp.status_code == 401
    big_json = httpx.post(f"{stack.base}/api/feedback", content=b"{" + b" " * 200_000 + b"}",
                          headers={"Content-Type": "application/json"})
    assert big_json.status_code == 413


def test_zip_bomb_docx_is_refused_without_parsing(stack: Stack) -> None:
    bomb = docx_with("<w:p><w:r><w:t>" + "炸" * 16_000_000 + "</w:t></w:r></w:p>")  # 48 MB unzipped
    assert len(bomb) < 1_000_000
    start = time.perf_counter()
    resp = httpx.post(f"{stack.base}/api/staff/documents", headers=stack.staff, data=META,
                      files={"file": ("bomb.docx", bomb)}, timeout=60)
    assert resp.status_code == 422 and "解压" in resp.json()["detail"] and time.perf_counter() - start < 10


def test_health_stays_fast_while_a_heavy_docx_is_extracted(stack: Stack) -> None:
    heavy = docx_with("<w:tbl>" + ("<w:tr>" + "<w:tc><w:p/></w:tc>" * 400 + "</w:tr>") * 400 + "</w:tbl>")
    assert len(heavy) < 100_000  # a small file that takes seconds to parse
    result: dict = {}

    def upload() -> None:
        start = time.perf_counter()
        result["resp"] = httpx.post(f"{stack.base}/api/staff/documents", headers=stack.staff, data=META,
                                    files={"file": ("heavy.docx", heavy)}, timeout=120)
        result["took"] = time.perf_counter() - start

    worker = threading.Thread(target=upload)
    worker.start()
    latencies = []
    with httpx.Client(base_url=stack.base, timeout=30) as probe:
        while worker.is_alive():
            start = time.perf_counter()
            assert probe.get("/health").status_code == 200
            latencies.append(time.perf_counter() - start)
            time.sleep(0.05)
    worker.join()
    assert result["took"] > 1.0, result  # the extraction really was busy for a while …
    assert len(latencies) >= 5 and max(latencies) < 1.0, latencies  # … and /health never waited for it
    assert result["resp"].status_code == 422 and "正文" in result["resp"].json()["detail"]
