"""The domain vocabulary (knowledge/vocabulary.yml): regions, places, organization kinds, offices, labels.

One home for words several packages need, so the retriever, the answer composer, the dialogue flows
and the gateway cannot drift apart. Pure Python 3.10 (stdlib + PyYAML): the Rasa action server imports
it. The file is read once per process; every helper returns immutable values or fresh copies.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "vocabulary.yml"
_PLACE_SUFFIX = re.compile(r"(新区|区|县|市)$")

Target = tuple[str, Optional[str]]  # (city, district) as the documents' region keys name them


@lru_cache(maxsize=1)
def load_vocabulary(path: Optional[Path] = None) -> dict[str, Any]:
    """The vocabulary file, checked once: a typo must fail loudly, not silently drop a region."""
    data = yaml.safe_load((path or VOCABULARY_PATH).read_text(encoding="utf-8"))
    _check(data)
    return data


def _check(data: dict[str, Any]) -> None:
    """Cross-references inside the file: parent cities, gazetteer cities, not_when words."""
    regions = data["regions"]
    for key, spec in regions.items():
        if spec.get("city") and spec["city"] not in regions:
            raise ValueError(f"vocabulary.yml: region {key} lies in unknown city {spec['city']}")
        words = set(spec.get("aliases") or []) | set(spec.get("question_words") or [])
        if set(spec.get("not_when") or {}) - words:
            raise ValueError(f"vocabulary.yml: region {key}: not_when names a word it does not use")
    if set(data["gazetteer"]) - set(regions):
        raise ValueError("vocabulary.yml: gazetteer names a city that is not a region")


# ── regions the documents cover ─────────────────────────────────────────────────────────────────

def region_keys() -> tuple[str, ...]:
    """Every region tag (上海, 长宁, 北京, 温州): compendium entries and the support rules use these."""
    return tuple(load_vocabulary()["regions"])


def city_keys() -> tuple[str, ...]:
    """The city-level regions (上海, 北京, 温州): a document's region is matched against these."""
    return tuple(k for k, spec in load_vocabulary()["regions"].items() if not spec.get("city"))


def region_target(key: str) -> Target:
    """(city, district) for a region tag: 长宁 → (上海, 长宁), 北京 → (北京, None)."""
    city = load_vocabulary()["regions"][key].get("city")
    return (city, key) if city else (key, None)


def regions_within(city: str) -> tuple[str, ...]:
    """The city and the regions inside it: a question about 上海 may be answered from 长宁's documents."""
    regions = load_vocabulary()["regions"]
    return (city, *(k for k, spec in regions.items() if spec.get("city") == city))


def regions_of_place(place: Optional[str]) -> list[str]:
    """Region tags a normalised place label falls under, in file order (上海市长宁区 → 上海, 长宁)."""
    return [key for key in region_keys() if key in (place or "")]


@lru_cache(maxsize=1)
def _question_words() -> tuple[tuple[str, Target, tuple[str, ...]], ...]:
    """(word, target, words that cancel it) for every word that points a question at a region.

    Besides the regions' own names, the full names of a covered city's districts and streets
    (朝阳区 → 北京, 鹿城区 → 温州, 新华路街道 → 长宁) point at the region whose documents apply there.
    """
    data = load_vocabulary()
    out = []
    for key, spec in data["regions"].items():
        not_when = spec.get("not_when") or {}
        for word in [*(spec.get("aliases") or []), *(spec.get("question_words") or [])]:
            out.append((word, region_target(key), tuple(not_when.get(word) or ())))
    for city, spec in data["gazetteer"].items():
        for district in spec["districts"]:
            key = short_name(district)
            out.append((district, region_target(key) if key in data["regions"] else (city, None), ()))
        for district, names in (spec.get("streets") or {}).items():
            key = short_name(district)
            out += [(name, region_target(key) if key in data["regions"] else (city, None), ()) for name in names]
    return tuple(out)


def region_words() -> tuple[str, ...]:
    """Every word of two or more characters that names a covered region, district or street."""
    return tuple(dict.fromkeys(w for w, _target, _cancel in _question_words() if len(w) >= 2))


def detect_regions(text: str) -> list[Target]:
    """Regions a question names, most specific first (长宁 before 上海); 南京 does not name 北京."""
    found = [(word, target) for word, target, cancel in _question_words()
             if word in text and not any(c in text for c in cancel)]
    targets: list[Target] = []
    for _word, target in sorted(found, key=lambda f: f[1][1] is None):
        if target not in targets:
            targets.append(target)
    return targets


def uncovered_places() -> tuple[str, ...]:
    """Places people ask about that no document covers, in the order a refusal picks the first."""
    return tuple(load_vocabulary()["uncovered_places"])


# ── gazetteer ───────────────────────────────────────────────────────────────────────────────────

def short_name(name: str) -> str:
    """浦东新区 → 浦东, 乐清市 → 乐清: the form people type without the administrative suffix."""
    return _PLACE_SUFFIX.sub("", name)


def districts(city: str) -> tuple[str, ...]:
    """Full names of a covered city's districts and counties, in gazetteer order."""
    return tuple(load_vocabulary()["gazetteer"][city]["districts"])


def streets(district: str) -> tuple[str, ...]:
    """街道/镇 of a district the gazetteer lists (empty when it lists none)."""
    for spec in load_vocabulary()["gazetteer"].values():
        if district in (spec.get("streets") or {}):
            return tuple(spec["streets"][district])
    return ()


def district_of_street(street: str) -> Optional[str]:
    """The district a 街道/镇 belongs to (新华路街道 → 长宁区), None when the gazetteer does not list it."""
    for spec in load_vocabulary()["gazetteer"].values():
        for district, names in (spec.get("streets") or {}).items():
            if street in names:
                return district
    return None


def find_district(city: str, text: str) -> Optional[str]:
    """The first district of the city (gazetteer order) whose short name the text contains."""
    return next((d for d in districts(city) if short_name(d) in (text or "")), None)


def names_city(city: str, text: str) -> bool:
    """Whether the text names the city itself (上海 / 沪) — not merely one of its districts."""
    return any(w in (text or "") for w in load_vocabulary()["regions"][city].get("aliases") or ())


def in_city(city: str, text: str) -> bool:
    """Whether the text places something in the city: its name or one of its districts (鹿城区 → 温州)."""
    return names_city(city, text) or find_district(city, text) is not None


def place_label(text: str) -> Optional[str]:
    """'上海长宁' → 上海市长宁区, '鹿城' → 浙江省温州市, '北京朝阳' → 北京市朝阳区; None if no covered city.

    Cities are tried in gazetteer order, a district before the bare city name.
    """
    for city, spec in load_vocabulary()["gazetteer"].items():
        district = find_district(city, text)
        if district and spec["district_in_label"]:
            return spec["label"] + district
        if district or names_city(city, text):
            return spec["label"]
    return None


# ── organizations, categories, offices ─────────────────────────────────────────────────────────

def organization_kind(key: str) -> str:
    """The tier as the documents name it (registered / team / group → 社会组织 / 社区群众活动团队 / 社区活动小组)."""
    return load_vocabulary()["organization_kinds"][key]["name"]


def applicant_kind(key: str) -> str:
    """How a request names an applicant of that tier (registered → 登记的社会组织)."""
    return load_vocabulary()["organization_kinds"][key]["applicant"]


def registration_kind(key: str) -> str:
    """The support rules' legal status (legal_person → 法人类登记, filed → 备案类)."""
    return load_vocabulary()["registration_kinds"][key]


def categories() -> tuple[str, ...]:
    """The four fields of 000 四、（一）3, in listing order."""
    return tuple(load_vocabulary()["categories"])


def ask_office() -> str:
    """Whom a reply sends people to when the documents leave a question open."""
    return load_vocabulary()["offices"]["ask"]


def document_offices() -> tuple[str, ...]:
    """Offices the documents themselves name (a silent compendium entry must name one)."""
    return tuple(load_vocabulary()["offices"]["named_in_documents"])


# ── field labels ────────────────────────────────────────────────────────────────────────────────

def field_label(field: str, variant: Optional[str] = None) -> str:
    """Chinese label of a field; `variant` (validation, deregistration, filing_dialogue) where wording differs."""
    fields = load_vocabulary()["fields"]
    if variant is not None and field in fields["variants"][variant]:
        return fields["variants"][variant][field]
    return fields["labels"][field]


def field_labels(variant: Optional[str] = None) -> dict[str, str]:
    """The whole table as one reader sees it (a fresh dict: callers may not share a mutable cache)."""
    fields = load_vocabulary()["fields"]
    return {**fields["labels"], **(fields["variants"][variant] if variant is not None else {})}
