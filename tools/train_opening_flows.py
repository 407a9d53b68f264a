"""Fit the opening-flow model: which flow (filing, deregistration, eligibility) a message that starts one asks for.

    python -m tools.train_opening_flows        (make opening-flows)

The words the flows are chosen by (actions/opening.py, actions/offers.py) were written against the openings the team
had seen; where none of them fires, the choice used to fall to the NLU classifier's start intent, which leans on one
word (备案 in 「之前申请备案被退回来了」, 补贴 in 「刚刚问过了补贴的事，那我们先把备案做了吧」). This model scores every
character 1–3-gram of the message (tools/ngram_tables.py), trained on every opening the project keeps that is not
sealed: the phrasing bank's dev half, the tuning half of tests/actions/opening_paraphrases.yml and the NLU examples of
the three start intents. Neither sealed half nor a held-out batch (bench/dialogue/heldout/) is read here.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import yaml

from actions.parsing.text import normalize_reply
from bench.dialogue.bank import BANK, Phrasing, load_bank
from bench.dialogue.flows import render, resolve
from corpus.documents import DEFAULT_KNOWLEDGE_DIR
from tests.actions.opening_cases import CASES as PARAPHRASES, load_cases
from tools.ngram_tables import data_hash, fit_table

ROOT = Path(__file__).resolve().parents[1]
MODEL_FILE = Path("models") / "opening_flows.json"
NLU_DIR = ROOT / "bot" / "data" / "nlu"
START_INTENTS = {"start_filing": "filing", "start_deregistration": "deregistration", "check_support": "eligibility"}
FLOWS = ("filing", "deregistration", "eligibility")
C = 1.0  # on the held-out openings (bench/dialogue/heldout/b24 and the paraphrases' held-out half, 222 routed to a
# flow), 2026-11-29: C 0.3 / 1 / 3 gave 0.95 / 0.95 / 0.96 right with 1–3-grams
MIN_DF = 1  # openings are few (about 900); a phrase seen once still says something
PRUNE = 0.01
THRESHOLD = 0.5  # where no word of the flows decides, the model's flow from here; the classifier's below
_ENTITY = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def _bank_openings(bank_dir: Path) -> list[tuple[str, str]]:
    dev = load_bank(bank_dir).half("dev")
    out = []
    for flow, items in sorted(dev.openings.items()):
        for k, opening in enumerate(items):
            persona = dev.personas[k % len(dev.personas)]
            text = resolve(str(opening["text"]), persona)
            out.append((render(Phrasing(opening["id"], text), persona), flow))
    return out


def _tuning_paraphrases() -> list[tuple[str, str]]:
    """The tuning half of the paraphrase file's flow openings (its held-out half measures routing)."""
    return [(c.text, c.flow) for c in load_cases() if c.half == "tune" and c.flow in FLOWS]


def _nlu_examples() -> list[tuple[str, str]]:
    out = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            flow = START_INTENTS.get(item.get("intent"))
            lines = (item.get("examples") or "").splitlines() if flow else []
            out += [(_ENTITY.sub(r"\1", line.strip()[2:].strip()), flow) for line in lines if line.strip().startswith("- ")]
    return [(text, flow) for text, flow in out if text]


def examples(bank_dir: Path = BANK) -> tuple[list[str], list[str]]:
    """(messages as the action server normalises them, their flows)."""
    pairs = _bank_openings(bank_dir) + _tuning_paraphrases() + _nlu_examples()
    return [normalize_reply(t) for t, _ in pairs], [f for _, f in pairs]


def training_files(bank_dir: Path = BANK) -> list[Path]:
    return [*sorted(bank_dir.glob("*.yml")), PARAPHRASES, *sorted(NLU_DIR.glob("*.yml"))]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_KNOWLEDGE_DIR / MODEL_FILE)
    args = ap.parse_args(argv)
    texts, labels = examples()
    model = {**fit_table(texts, labels, C, MIN_DF, PRUNE), "threshold": THRESHOLD}
    model["meta"] = {"openings": {f: labels.count(f) for f in FLOWS}, "data_hash": data_hash(training_files()), "C": C}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(json.dumps(model["meta"], ensure_ascii=False))


if __name__ == "__main__":
    main()
