"""Logs never carry a full ID-card or mobile number, whatever shape the record has."""
import logging

from api.logging_setup import MaskingFilter, mask_pii


def test_mask_pii_text():
    assert mask_pii("电话13912345678，身份证310101199001011234") == "电话139****5678，身份证310101********1234"
    assert mask_pii("编号2026112200001234") == "编号2026112200001234"  # not an ID pattern: 20 digits


def _record(msg: str, args: object) -> logging.LogRecord:
    return logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, None)


def test_filter_masks_positional_dict_and_object_args_and_keeps_formatting():
    class Tracker:
        def __str__(self) -> str:
            return "Tracker(slots={'leader_phone': '13912345678'})"

    f = MaskingFilter()
    rec = _record("%s %d %s", ("13912345678", 7, Tracker()))
    f.filter(rec)
    assert rec.getMessage() == "139****5678 7 Tracker(slots={'leader_phone': '139****5678'})"
    rec = _record("%(phone)s", ({"phone": "13987654321"},))
    f.filter(rec)
    assert "13987654321" not in rec.getMessage()
    access = _record('%s - "%s %s HTTP/%s" %d', ("127.0.0.1:5000", "GET", "/x", "1.1", 200))
    f.filter(access)  # uvicorn's access formatter reads the args positionally
    assert isinstance(access.args, tuple) and len(access.args) == 5
