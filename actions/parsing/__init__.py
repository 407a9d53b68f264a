"""Pure parsing of free-text form answers (no Rasa imports, unit-tested directly).

WeChat users type numbers in Chinese, phones with spaces or dashes, yes/no as 嗯/没有 …; every parser
returns None when it cannot tell, so the form re-asks instead of guessing. One module per concept:
`text` (normalisation), `questions` (does it ask), `corrections`, `answers` (yes/no, non-answers, free
text), `numbers`, `options`, `names` (teams), `people`, `places`, `communities`, `addresses` (places said together), `scope`. The validators import them
from here as `parsing.<name>`.
"""
from actions.parsing.addresses import region_before_landmark, street_said_with
from actions.parsing.answers import (DEFERS_RE, NOT_AN_ANSWER, SHORT_STOP, STOP_WORDS_RE, says_stop, asked_pieces, free_text, holds_off, is_non_answer, only_acknowledges, parse_yes_no, puts_off,
                                     without_deferral)
from actions.parsing.communities import names_a_place, parse_community, without_places_said
from actions.parsing.corrections import (FIELD_NOT_BUT_RE, IS_NOT_RE, VALUE_MARK_RE, correcting_clause, correction_value, corrected_value,
                                         is_correction, is_not_only, respelled, retraction, said_before_correction,
                                         without_correction_words)
from actions.parsing.names import parse_team_name
from actions.parsing.numbers import cn_number, find_landline, find_phone, parse_count, parse_count_detail
from actions.parsing.options import (LACKS, all_but, choose, edit_distance_at_most_one, names_several, numbers_among_words, numbers_beside_words, only_option_numbers, option_number, option_numbers,
                                     sounds_alike, without_denied)
from actions.parsing.people import parse_person
from actions.parsing.places import (mentioned_district, mentioned_street, parse_district,
                                    parse_street, street_after_district, unnamed_after_district)
from actions.parsing.questions import about_policy, asks_in_words, without_checks_asked, follows_up, looks_like_question, only_doubts, remarks_to_bot, stated_part
from actions.parsing.scope import parse_scope
from actions.parsing.text import (MAX_ANSWER_CHARS, clean_text, fix_voice_typos, normalize_reply, only_says_when, reply_pieces,
                                  too_long, without_hedge)

__all__ = [
    "DEFERS_RE", "SHORT_STOP", "STOP_WORDS_RE", "says_stop", "FIELD_NOT_BUT_RE", "LACKS", "about_policy", "all_but", "names_a_place", "numbers_beside_words", "IS_NOT_RE", "MAX_ANSWER_CHARS", "NOT_AN_ANSWER", "VALUE_MARK_RE", "asked_pieces", "asks_in_words", "choose", "clean_text", "cn_number",
    "correcting_clause", "corrected_value", "correction_value", "edit_distance_at_most_one", "find_landline", "find_phone", "fix_voice_typos", "follows_up", "free_text",
    "holds_off", "is_correction", "is_not_only", "is_non_answer", "looks_like_question", "mentioned_district", "mentioned_street", "names_several", "reply_pieces",
    "normalize_reply", "only_acknowledges", "only_doubts", "only_says_when", "numbers_among_words", "only_option_numbers", "option_number", "option_numbers", "parse_community", "parse_count",
    "parse_count_detail", "parse_district", "parse_person", "parse_scope", "parse_street", "parse_team_name", "parse_yes_no", "without_deferral", "puts_off",
    "region_before_landmark", "remarks_to_bot", "respelled", "retraction", "said_before_correction",
    "sounds_alike", "stated_part", "street_after_district", "street_said_with", "too_long", "unnamed_after_district",
    "without_checks_asked", "without_correction_words", "without_denied", "without_hedge", "without_places_said",
]
