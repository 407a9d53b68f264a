"""Simulated residents talking to the real stack (issue 11): `python -m bench.dialogue`, `make dialogue-eval`.

Conversations are generated from the phrasing bank (bench/dialogue/bank/: personas, per-slot phrasings and
invalid replies, openings, side questions, corrections, cancels), split into a dev and a sealed half by a
stable hash of each item's id. A simulated user plays each conversation through POST /api/chat (or a signed
POST /wechat), answering whatever slot the form asks for; the stored records (staff API) and the tracker
store are then compared with what the user meant.

    bank.py       the bank and its dev / sealed halves
    flows.py      the three flows: slots, what a phrasing means, what the stored record must hold
    generator.py  deterministic conversation scripts (phrasings, side questions, corrections, invalid
                  replies, cancels, restarts)
    prompts.py    which slot a bot prompt asks for (the form's requested slot first, else the text)
    user.py       the simulated user (one decision per bot turn)
    tracker.py    reads the Rasa SQL tracker store of the stack under test
    channels.py   web chat and WeChat senders
    runner.py     plays scripts concurrently against a running stack, restarts it for the restart scripts
    scoring.py    per-conversation verdicts, per-flow metrics and the table
"""
