"""Static checks of the bot data and the clauses the flows cite."""
from __future__ import annotations

from pathlib import Path

import yaml

from actions import citations as C
from actions.common import FLOW_NAMES

ROOT = Path(__file__).resolve().parents[2]


def test_every_fixed_clause_exists_and_renders() -> None:
    from corpus.clauses import load_clauses

    clauses = load_clauses()
    for clause_id in C.FIXED_CLAUSES:
        assert clause_id in clauses, clause_id
        assert C.cite(clause_id)["clause_id"] == clause_id


def test_no_word_boundary_in_regexes() -> None:
    for path in (ROOT / "bot" / "data" / "nlu").glob("*.yml"):
        assert "\\b" not in path.read_text(encoding="utf-8"), path


def test_every_form_slot_is_asked_and_free_text_mapped() -> None:
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    for form, spec in domain["forms"].items():
        assert form in FLOW_NAMES
        for slot in spec["required_slots"]:
            asked = f"utter_ask_{slot}" in domain["responses"] or f"action_ask_{slot}" in domain["actions"]
            assert asked, slot
            mapping = [m for m in domain["slots"][slot]["mappings"] if m["type"] == "from_text"][0]
            assert {"cancel", "human_handoff"} <= set(mapping["not_intent"])
            assert mapping["conditions"] == [{"active_loop": form, "requested_slot": slot}]


def test_config_uses_jieba_with_the_project_dictionary() -> None:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    names = [c["name"] for c in config["pipeline"]]
    assert names[0] == "JiebaTokenizer" and config["pipeline"][0]["dictionary_path"] == "knowledge/dict"
    for needed in ("DIETClassifier", "EntitySynonymMapper", "FallbackClassifier"):
        assert needed in names


def test_heldout_nlu_messages_are_not_in_training_data() -> None:
    def examples(path: Path) -> set[str]:
        return {line.strip()[2:] for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("    - ")}

    trained = set().union(*(examples(p) for p in (ROOT / "bot" / "data" / "nlu").glob("*.yml")))
    assert not trained & examples(ROOT / "bot" / "tests" / "nlu_heldout.yml")
