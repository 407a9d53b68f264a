"""The gate of issue 11: the sealed half of the phrasing bank through the real stack, per flow.

Run by `make dialogue-gate` (pytest tests/dialogue/gate_sealed.py). Not yet part of `make test`: on the
sealed half it still fails (see the issue's closing note for the figures), and a failing gate in the
suite would keep every other change from landing. The file name keeps `pytest tests/dialogue` (the
harness's own unit tests, which `make test` runs) from collecting it.

Starts gateway + Rasa + action server + retriever on free ports with a temp database and tracker store
(bench.dialogue.runner.ManagedStack → tests/e2e/stack.running_stack), plays the sealed conversations
(a few of them restart the whole stack in the middle, on the same tracker store and database) and a
WeChat sample through a signed POST /wechat, then asserts per flow: completion ≥ 0.95, stored-record
field accuracy ≥ 0.98, every side question handled (cited reply or plain refusal, form kept, nothing stored), no unwanted side
effects. The thresholds are issue 11's; the figures and every failing transcript are written to
artifacts/dialogue-eval-gate.json (`python -m bench.dialogue --sealed` prints the same table).

Size: DIALOGUE_GATE_N (default 100) web conversations per flow, DIALOGUE_GATE_WECHAT (default 6) per
flow through WeChat, DIALOGUE_GATE_RESTARTS (default 2) per flow; about 6–8 minutes on two cores.
"""
from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.dialogue import scoring
from bench.dialogue.__main__ import print_report, report, scripts_for
from bench.dialogue.bank import BANK
from bench.dialogue.flows import FLOWS
from bench.dialogue.runner import ManagedStack, run_scripts
from config.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
N = int(os.environ.get("DIALOGUE_GATE_N", "100"))
WECHAT = int(os.environ.get("DIALOGUE_GATE_WECHAT", "6"))
RESTARTS = int(os.environ.get("DIALOGUE_GATE_RESTARTS", "2"))
CONCURRENCY = int(os.environ.get("DIALOGUE_GATE_CONCURRENCY", "3"))
OUT = ROOT / "artifacts" / "dialogue-eval-gate.json"


def _missing() -> str | None:
    """Why the stack cannot run here (a build step `make test` runs first), or None."""
    pointer = ROOT / "var" / "rasa-model"
    model = os.environ.get("RASA_MODEL") or (pointer.read_text().strip() if pointer.is_file() else "")
    if not model or not Path(model).is_file():
        return "no trained Rasa model (make rasa-model)"
    if not (Settings().cache_dir / "py310" / "bin" / "rasa").exists():
        return "no py310 Rasa env (make rasa-env)"
    if not (ROOT / "var" / "index" / "params.json").is_file():
        return "no retrieval index (make index)"
    if not (BANK / "phrasings.yml").is_file():
        return "no phrasing bank (bench/dialogue/bank/)"
    return None


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[dict]:
    reason = _missing()
    if reason:
        pytest.fail(f"cannot run the dialogue gate: {reason}", pytrace=False)
    web, wx, warnings = scripts_for(BANK, "sealed", list(FLOWS), N, WECHAT, RESTARTS)
    with ManagedStack(tmp_path_factory.mktemp("dialogue-gate")) as stack:
        played, wall = run_scripts(stack, web + wx, CONCURRENCY)
    rep = report(played, wall, "sealed", warnings, stack.restarts)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(rep, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print()  # the table shows in `make test` output, not only when a test fails
        print_report(rep)
        print(f"figures and failing transcripts: {OUT.relative_to(ROOT)}", flush=True)
    yield rep


def _why(rep: dict, flow: str, channel: str, bad) -> str:
    """The failing conversations of a flow: id, categories, and the first one's transcript tail."""
    rows = [f for f in rep["failing"] if f["flow"] == flow and f["channel"] == channel and bad(f)]
    lines = [f"{f['id']}: {', '.join(f['categories'])}" for f in rows[:12]]
    if rows:
        lines.append("first transcript (tail):")
        for t in rows[0]["transcript"][-6:]:
            lines.append(f"  user[{t['kind']}/{t.get('slot')}]: {t['user'][:80]}")
            lines += [f"    bot: {b[:120]}" for b in t["bot"][:2]]
    return f"{len(rows)} conversations; see {OUT.relative_to(ROOT)}\n" + "\n".join(lines)


def _figures(rep: dict, channel: str, flow: str) -> dict:
    figures = rep["figures"][channel].get(flow)
    assert figures and figures["n"], f"no {channel} conversations were played for {flow}"
    return figures


@pytest.mark.parametrize("channel", ["web", "wechat"])
@pytest.mark.parametrize("flow", list(FLOWS))
def test_completion(gate: dict, flow: str, channel: str) -> None:
    m = _figures(gate, channel, flow)
    assert m["completion"] >= scoring.GATE["completion"], \
        f"{flow} ({channel}) completion {m['completion']:.3f}: " + _why(gate, flow, channel, lambda f: not f["success"])


@pytest.mark.parametrize("channel", ["web", "wechat"])
@pytest.mark.parametrize("flow", list(FLOWS))
def test_stored_fields_hold_what_the_user_meant(gate: dict, flow: str, channel: str) -> None:
    m = _figures(gate, channel, flow)
    assert m["field_accuracy"] is not None, f"{flow} ({channel}): no completed conversation to compare"
    assert m["field_accuracy"] >= scoring.GATE["field_accuracy"], \
        f"{flow} ({channel}) field accuracy {m['field_accuracy']:.3f}: " + _why(
            gate, flow, channel, lambda f: any(not x["ok"] for x in f["fields"].values()))


@pytest.mark.parametrize("channel", ["web", "wechat"])
@pytest.mark.parametrize("flow", list(FLOWS))
def test_side_questions_answered_with_a_citation(gate: dict, flow: str, channel: str) -> None:
    """Every side question gets its cited reply (or the plain refusal naming whom to ask), the form goes
    on and nothing typed is stored; the confident-answer rate is printed, not gated (issue 10's target)."""
    m = _figures(gate, channel, flow)
    if not m["side_questions"]:
        pytest.skip(f"no side question in the {channel} sample of {flow}")
    assert m["side_handled"] == 1.0, f"{flow} ({channel}) handled {m['side_handled']:.3f}: " + _why(
        gate, flow, channel, lambda f: any(not scoring.handled(q) for q in f["side_questions"]))


@pytest.mark.parametrize("channel", ["web", "wechat"])
@pytest.mark.parametrize("flow", list(FLOWS))
def test_no_unwanted_side_effects(gate: dict, flow: str, channel: str) -> None:
    m = _figures(gate, channel, flow)
    assert m["side_effects"] == 0, f"{flow} ({channel}): " + _why(gate, flow, channel, lambda f: f["side_effects"])


def test_the_stack_was_restarted_mid_conversation(gate: dict) -> None:
    """The restart scripts really restarted the stack (the tracker store carried them; their success
    counts in completion above)."""
    if RESTARTS:
        assert gate["stack_restarts"] == 1
