"""Neighbours: the cosine of a question's nearest answerable and unanswerable reference question (real model)."""
from __future__ import annotations

import numpy as np
import pytest

from answering.answerability import AnswerabilityModel
from answering.neighbours import Neighbours, asked_cities, details, in_cities, nearest, unit, within
from bench.bank import batch_of
from corpus.text import fold_width

REFERENCES = {"answerable": [{"q": "长宁的群众活动团队怎么备案？", "cities": ["上海"]},
                             {"q": "北京的社区社会组织分几类？", "cities": ["北京"]}],
              "unanswerable": [{"q": "备案要交多少钱？"}, {"q": "街道办的电话是多少？"}]}


def vector(assistant, question: str) -> np.ndarray:  # noqa: ANN001
    return assistant.embedder.encode_queries([fold_width(question)])[0]


@pytest.fixture(scope="module")
def neighbours(assistant) -> Neighbours:  # noqa: ANN001
    return Neighbours.of(assistant.embedder, REFERENCES)


def test_a_reference_question_is_its_own_nearest_neighbour(assistant, neighbours: Neighbours) -> None:  # noqa: ANN001
    question = "备案要交多少钱？"
    answerable, unanswerable = neighbours.closeness(vector(assistant, question), kinds=details(question))
    assert unanswerable == pytest.approx(1.0, abs=1e-5) and answerable < unanswerable


def test_a_question_leans_to_the_label_of_its_meaning(assistant, neighbours: Neighbours) -> None:  # noqa: ANN001
    question = "街道的联系电话能告诉我吗"
    answerable, unanswerable = neighbours.closeness(vector(assistant, question), kinds=details(question))
    assert unanswerable > answerable


def test_an_unanswerable_reference_counts_only_for_a_question_asking_its_details(neighbours: Neighbours) -> None:
    """「备案要交多少钱」 (an amount) says nothing of 「群众活动团队怎么备案」, however alike the embedding reads them."""
    assert details("备案要交多少钱？") and not details("群众活动团队怎么备案？")
    assert list(within(neighbours.kinds, details("群众活动团队怎么备案？"))) == [False, False]
    assert list(within(neighbours.kinds, details("备案要交多少钱？"))) == [True, False]


def test_an_answerable_reference_counts_only_for_its_own_cities(assistant, neighbours: Neighbours) -> None:  # noqa: ANN001
    """「北京的群众活动团队怎么备案」 is not answerable because 长宁's question of the same words is."""
    question = "北京的群众活动团队怎么备案？"
    assert asked_cities(question) == {"北京"}
    beijing = neighbours.closeness(vector(assistant, question), asked_cities(question))[0]
    anywhere = neighbours.closeness(vector(assistant, question))[0]
    assert beijing < anywhere - 0.02
    assert list(in_cities(neighbours.cities, frozenset({"上海"}))) == [True, False]
    assert list(in_cities(neighbours.cities, frozenset())) == [True, True]


def test_no_references_give_zero_closeness() -> None:
    empty = Neighbours.of(None, {})
    assert empty.closeness(np.ones(4, np.float32)) == (0.0, 0.0)
    assert nearest(np.zeros(0)) == 0.0


def test_unit_rows_have_length_one() -> None:
    assert np.linalg.norm(unit(np.array([[3.0, 4.0], [0.0, 2.0]])), axis=1) == pytest.approx([1.0, 1.0])


def test_the_committed_model_holds_train_questions_only() -> None:
    """Dev and sealed questions are never their own neighbours: every reference is a train-split question (of the
    bank or of the team's own set, bench/questions/own_*) or a phrasing of the compendium."""
    from bench import bank
    from bench.scoring import read_jsonl
    from corpus.compendium import load_entries

    refs = AnswerabilityModel.load().references
    own = {r["q"] for name in ("own_qa.jsonl", "own_oos.jsonl") for r in read_jsonl(bank.BANK.parent / name)}
    phrasings = {text for entry in load_entries() for text in entry.texts()}
    train = {r["q"] for r in bank.answerable("train") + bank.unanswerable("train")} | own | phrasings
    assert refs["answerable"] and refs["unanswerable"]
    assert {r["q"] for r in refs["answerable"] + refs["unanswerable"]} <= train
    assert all(r["cities"] for r in refs["answerable"])


@pytest.mark.parametrize("row_id, batch", [("q17-001", "17"), ("un16-020", "16"), ("fu9-003", "9"),
                                           ("q6-0001", "6"), ("sh-0001", "0"), ("wb-0001", "0"), ("un-0001", "0")])
def test_a_row_belongs_to_the_batch_its_id_numbers(row_id: str, batch: str) -> None:
    assert batch_of(row_id) == batch
