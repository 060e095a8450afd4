"""Why the operating system refused to read or write a file, in the reader's language.

The command line names the file and says why ("cannot read records.jsonl: there is no such
file or folder"), never the operating system's own English ("No such file or directory"):
the usual reasons have words in every language the library speaks; a rarer one is said
with the system's name for it (``ENXIO``), which a person can look up."""

from __future__ import annotations

import errno

from callrules._i18n import phrase, typography
from callrules._safe import terminal

__all__ = ["reason", "reason_key", "refused"]

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
