"""Named staff accounts: who logged in to the console is decided here, from a password, never from what is typed.

STAFF_USERS is ``name:hash,name:hash`` or the path of a file holding one ``name:hash`` a line (``#`` comments);
the file is re-read when it changes, so an account is added or removed without a restart, and a removed
account's open sessions stop working (api/security.py asks `is_account`). `make run` creates the file
(var/secrets/STAFF_USERS) with a first account ``admin`` on first start.

The hash is the standard library's scrypt (``scrypt$n$r$p$salt$key``, base64): a memory-hard, salted KDF
that needs no extra package in the gateway's environment, so a stolen STAFF_USERS file costs an attacker
~16 MB and tens of milliseconds per guess. Comparison is constant-time, and an unknown name costs the same
work as a wrong password, so response times do not reveal which names exist.

The shared STAFF_TOKEN stays the password of the reserved account ``api`` (scripts, tests, benchmarks):
the audit trail then says ``api``, a name the server chose.

Adding an account: ``python -m api.staff_accounts add 王社工 --users var/secrets/STAFF_USERS`` (asks for the
password, or reads it from standard input; with ``--generate`` makes a random one and prints it).
"""
from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import os
import re
import secrets
import sys
from functools import lru_cache
from pathlib import Path

from config.settings import Settings, get_settings

API_ACCOUNT = "api"  # the account of the shared STAFF_TOKEN (bearer header or console login)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_NAME = re.compile(r"^[^\s:,#\x00-\x1f\x7f]{1,40}$")
_DUMMY = None  # a hash to verify against for unknown names (same cost as a real check)


class AccountsError(ValueError):
    """STAFF_USERS cannot be read; the message says what to fix."""


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$key`` for a password (a new random salt unless one is given)."""
    salt = salt or secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches a stored hash; any malformed hash is simply no match."""
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def _parse(lines: list[str], where: str) -> dict[str, str]:
    accounts: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, hashed = line.partition(":")
        name = name.strip()
        if not sep or not _NAME.match(name) or not hashed.strip().startswith("scrypt$"):
            raise AccountsError(f"STAFF_USERS（{where} 第 {number} 项）格式不对：应为「账号:scrypt$…」，"
                                f"请用 python -m api.staff_accounts add 账号 --users 文件 生成。")
        if name == API_ACCOUNT:
            raise AccountsError(f"STAFF_USERS（{where}）里的账号名 {API_ACCOUNT} 是保留给工作人员令牌的，请换一个名字。")
        accounts[name] = hashed.strip()
    return accounts


@lru_cache(maxsize=4)
def _read_file(path: str, mtime_ns: int, size: int) -> dict[str, str]:  # noqa: ARG001 — mtime+size: the cache key
    return _parse(Path(path).read_text(encoding="utf-8").splitlines(), path)


def accounts(settings: Settings | None = None) -> dict[str, str]:
    """name → hash from STAFF_USERS (inline list or file); empty when unset."""
    spec = (settings or get_settings()).staff_users.strip()
    if not spec:
        return {}
    path = Path(spec)
    if path.is_file():
        info = path.stat()
        return _read_file(str(path), info.st_mtime_ns, info.st_size)
    if ":" not in spec:
        raise AccountsError(f"STAFF_USERS 指向的文件 {spec} 不存在：请检查路径，或写成「账号:散列,账号:散列」。")
    return _parse(spec.split(","), "STAFF_USERS")


def is_account(name: str, settings: Settings | None = None) -> bool:
    """Whether a session's name is still an account (a removed account's sessions end)."""
    return name == API_ACCOUNT or name in accounts(settings)


def authenticate(name: str, password: str, settings: Settings | None = None) -> str | None:
    """The account name when the password is right, else None. ``api`` checks STAFF_TOKEN."""
    global _DUMMY
    settings = settings or get_settings()
    if name == API_ACCOUNT:
        ok = bool(settings.staff_token) and hmac.compare_digest(password.encode(), settings.staff_token.encode())
        return API_ACCOUNT if ok else None
    stored = accounts(settings).get(name)
    if stored is None:
        _DUMMY = _DUMMY or hash_password(secrets.token_hex(8))
        verify_password(password, _DUMMY)  # the same work as for a real account
        return None
    return name if verify_password(password, stored) else None


def add_account(users_file: Path, name: str, password: str) -> None:
    """Append (or replace) one account in a STAFF_USERS file, created owner-only."""
    if not _NAME.match(name) or name == API_ACCOUNT:
        raise AccountsError(f"账号名「{name}」不可用：1–40 个字符，不含空白、冒号、逗号、#，且不能是 {API_ACCOUNT}。")
    if not password:
        raise AccountsError("密码不能为空。")
    lines = users_file.read_text(encoding="utf-8").splitlines() if users_file.exists() else []
    lines = [line for line in lines if line.partition(":")[0].strip() != name] + [f"{name}:{hash_password(password)}"]
    users_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(users_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    os.chmod(users_file, 0o600)


def main(argv: list[str] | None = None) -> int:
    """``add NAME --users FILE [--generate]``: the password from the terminal, standard input, or generated."""
    parser = argparse.ArgumentParser(prog="python -m api.staff_accounts", description="工作人员账号")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="新增或重设一个账号")
    add.add_argument("name")
    add.add_argument("--users", type=Path, required=True, help="STAFF_USERS 文件")
    add.add_argument("--generate", action="store_true", help="生成随机密码并打印")
    args = parser.parse_args(argv)
    if args.generate:
        password = secrets.token_urlsafe(18)
    elif sys.stdin.isatty():
        password = getpass.getpass(f"{args.name} 的密码：")
    else:
        password = sys.stdin.read().strip()
    try:
        add_account(args.users, args.name, password)
    except AccountsError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.generate:
        print(password)
    return 0


if __name__ == "__main__":
    sys.exit(main())
