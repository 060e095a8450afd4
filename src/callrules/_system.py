"""Why the operating system refused to read or write a file, in the reader's language.

The command line names the file and says why ("cannot read records.jsonl: there is no such
file or folder"), never the operating system's own English ("No such file or directory"):
the usual reasons have words in every language the library speaks; a rarer one is said
with the system's name for it (``ENXIO``), which a person can look up."""

from __future__ import annotations

import errno
from collections.abc import Mapping

from callrules._i18n import phrase, typography
from callrules._safe import terminal

__all__ = ["reason", "reason_key", "refused", "unreadable_context", "unreadable_reason"]

#: The reasons with words of their own, by ``errno``.
_REASONS = {
    errno.ENOENT: "os_no_such_file",
    errno.EISDIR: "os_is_a_folder",
    errno.ENOTDIR: "os_not_a_folder",
    errno.EACCES: "os_not_permitted",
    errno.EPERM: "os_not_permitted",
    errno.ENAMETOOLONG: "os_name_too_long",
    errno.ENOSPC: "os_no_space",
    errno.EROFS: "os_read_only",
    errno.ELOOP: "os_link_loop",
    errno.EEXIST: "os_exists",
    errno.EBUSY: "os_busy",
    errno.EFBIG: "os_too_large",
    errno.EIO: "os_input_output",
    errno.EMFILE: "os_too_many_open",
    errno.ENFILE: "os_too_many_open",
    errno.ETXTBSY: "os_busy",
}
_REASONS.update({getattr(errno, name): "os_no_space" for name in ("EDQUOT",)
                 if hasattr(errno, name)})


def reason_key(error: OSError) -> str | None:
    """The phrase of ``error``'s usual reason (``os_link_loop``…), None for another: one
    table for every file the library reads or writes."""
    return _REASONS.get(error.errno or 0)


def reason(error: OSError, lang: str) -> str:
    """Why ``error`` happened, in ``lang``: the usual reasons in words; another by the
    system's name for it (``os_other``, e.g. "the system refused it (ENXIO)")."""
    key = reason_key(error)
    if key is not None:
        return phrase(key, lang)
    name = errno.errorcode.get(error.errno or 0, str(error.errno or "?"))
    return phrase("os_other", lang, name=name)


def refused(error: OSError, lang: str, *, writing: bool) -> str:
    """The sentence that says ``error`` to a person: what could not be read (or written,
    ``writing``), and why; the file named as given, safe for a terminal."""
    target = "" if error.filename is None else terminal(str(error.filename))
    return typography(phrase("cannot_write" if writing else "cannot_read", lang,
                             target=target, reason=reason(error, lang)), lang)


#: The reasons of the errors a file system gives without their number (fsspec's), by class.
_BY_CLASS = ((FileNotFoundError, "os_no_such_file"), (IsADirectoryError, "os_is_a_folder"),
             (NotADirectoryError, "os_not_a_folder"), (PermissionError, "os_not_permitted"))
#: Every reason :func:`unreadable_context` may name (the others: ``os_other``).
_KNOWN = frozenset(_REASONS.values()) | {"os_no_file_name", "os_other"}


def unreadable_context(error: BaseException) -> dict[str, str]:
    """The context of the input problem ``unreadable`` for ``error`` (a file of a batch
    that cannot be opened or read): its reason's phrase (``os_no_such_file``…; a name no
    file can have for a ValueError, a NUL in it), worded in the reader's language when the
    problem is said (:func:`unreadable_reason`), and the system's name for another."""
    if isinstance(error, OSError):
        number = error.errno or 0  # (a file system's error without its number: by its class)
        key = reason_key(error) or next((key for kind, key in _BY_CLASS if isinstance(
            error, kind)), "os_other")
        return {"template": "unreadable_because", "reason_key": key,
                "reason_name": errno.errorcode.get(number, str(number or "?"))}
    return {"template": "unreadable_because", "reason_key": "os_no_file_name",
            "reason_name": "?"}


def unreadable_reason(ctx: Mapping[str, object], lang: str) -> str:
    """Why a file cannot be read, in ``lang``, from its problem's context
    (:func:`unreadable_context`); a reason it does not name said as the system's refusal."""
    key = str(ctx.get("reason_key"))
    if key not in _KNOWN:
        key = "os_other"
    return phrase(key, lang, **({"name": str(ctx.get("reason_name", "?"))}
                                if key == "os_other" else {}))
