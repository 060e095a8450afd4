"""The service's own words: the applicants' page's labels and the problems' titles and
details, written once in English and marked for the catalogs (``N_``), so that a platform
translates them as it translates every message (docs/how-to/add-a-translation.md); the
service serves them in every language it speaks (:func:`callrules.serve._http.labels`).
``{name}`` is filled by the page, ``%(name)s`` by the service.
"""

from __future__ import annotations

from callrules._messages import N_, Nn_

__all__ = ["SECONDS", "WORDS"]

#: Each word of the service by its key, in English (the msgid).
WORDS: dict[str, str] = {
    "page_title": N_("Check an application"),
    "intro": N_(
        "Pick a call, read what it asks, then fill in the form: each message appears beside its "
        "field as you type."),
    "call": N_("Call"),
    "language": N_("Language"),
    "zone": N_("Your time zone"),
    "checklist": N_("What the call asks"),
    "form": N_("The application"),
    "verdict": N_("Verdict"),
    "eligible": N_("Eligible, as far as this form shows."),
    "not_eligible": N_("Not eligible yet: see the messages beside the fields."),
    "invalid": N_("The form is not complete yet: see the messages beside the fields."),
    "not_judged": N_(
        "Not judged: the call’s own rules cannot judge this application; see the messages "
        "beside the fields."),
    "checking": N_("Checking…"),
    "new_message": N_("New message: {message}"),
    "new_messages": N_("{n} new messages, among them: {message}"),
    "sentence_end": N_("."),
    "add": N_("Add"),
    "answer_yes": N_("yes"),
    "answer_no": N_("no"),
    "remove": N_("Remove"),
    "load_json": N_("Load an application (JSON)"),
    "load": N_("Load"),
    "json_box": N_("Paste an application written in JSON"),
    "other_messages": N_("Other messages"),
    "warning": N_("Warning:"),
    "error": N_("Error:"),
    "offline": N_("The service cannot be reached."),
    "json_empty": N_("There is nothing to load: paste an application written in JSON."),
    "json_unread_at": N_(
        "This text is not JSON that can be read: see line {line}, character {column}."),
    "json_unread": N_("This text is not JSON that can be read."),
    "batch": N_(
        "A list of applications was pasted: each is said below. The form holds one application: "
        "paste them one at a time to fill it in."),
    "record": N_("Application {n}"),
    "record_eligible": N_("eligible"),
    "record_not_eligible": N_("not eligible"),
    "unreadable": N_("The service’s answer could not be read."),
    "no_calls": N_("No call is available."),
    "problem_unknown_call": N_("Unknown call"),
    "problem_unknown_call_detail": N_(
        "There is no call named “%(call)s”. Known calls: %(known)s."),
    "problem_not_found": N_("Not found"),
    "problem_not_found_detail": N_("Nothing is served at this address."),
    "problem_method_not_allowed": N_("Method not allowed"),
    "problem_method_not_allowed_detail": N_("This address does not accept this method."),
    "problem_unsupported_media_type": N_("Unsupported content type"),
    "problem_unsupported_media_type_detail": N_(
        "Send one application as application/json, or a batch as application/jsonl (one "
        "application per line) or text/csv (one application per row)."),
    "problem_unsupported_encoding": N_("Compressed body not read"),
    "problem_unsupported_encoding_detail": N_(
        "Send the body uncompressed (no Content-Encoding): this service does not decode a "
        "compressed body."),
    "problem_unsupported_charset": N_("Character set not read"),
    "problem_unsupported_charset_detail": N_(
        "Send the body as UTF-8 text (charset=utf-8, or no charset): this service reads UTF-8, "
        "UTF-16 and UTF-32 only."),
    "problem_csv_header_absent": N_("CSV without a header not read"),
    "problem_csv_header_absent_detail": N_(
        "The body is said to be CSV without a header line (header=absent): the columns cannot "
        "be named, so no row is read. Send the CSV with its header line, the names of the "
        "fields, first (and without header=absent)."),
    "problem_body_too_large": N_("Too long for this service"),
    "problem_body_too_large_detail": N_(
        "This application is longer than this service accepts: %(size)s at most. Shorten its "
        "longest texts (a text pasted twice, for example) and check it again."),
    "problem_body_too_large_batch_detail": N_(
        "These applications together are longer than this service accepts: %(size)s at most. "
        "Send them in several smaller batches."),
    "problem_head_too_large": N_("Request headers too long"),
    "problem_head_too_large_detail": N_(
        "The request’s headers are longer than this service accepts: %(size)s and "
        "%(fields)s header lines at most, so the connection was closed. Send the request "
        "with fewer or shorter headers (its cookies, for example)."),
    "size_mib": N_("%(n)s MiB (%(bytes)s bytes)"),
    "size_kib": N_("%(n)s KiB (%(bytes)s bytes)"),
    "size_bytes": N_("%(n)s bytes"),
    "problem_too_many_records": N_("Too many applications"),
    "problem_too_many_records_detail": N_(
        "A batch holds at most %(limit)s applications. Check a larger batch with the command "
        "line, which has no such limit."),
    "problem_no_records": N_("No application"),
    "problem_no_records_detail": N_("The batch holds no application to check."),
    "problem_too_busy": N_("Too busy"),
    "problem_too_busy_detail": N_(
        "The service is already handling as many requests of this kind as it takes at once "
        "(%(limit)s). Try again in %(seconds)s."),
    "problem_no_room": N_("Not enough room"),
    "problem_no_room_detail": N_(
        "The service has no room left to check this batch; the error was logged."),
    "problem_keys_unreadable": N_("Batch not finished"),
    "problem_keys_unreadable_detail": N_(
        "The service could not read back what it kept to check this batch, so the batch was "
        "not checked to its end; the error was logged. Send the batch again."),
    "problem_schema_too_large": N_("Schema too large"),
    "problem_schema_too_large_detail": N_(
        "The schema of this call’s applications is larger than this service sends, "
        "%(most)s: ask its operator for it."),
    "problem_body_timeout": N_("Body not received in time"),
    "problem_body_timeout_detail": N_(
        "The body of the request did not arrive within %(seconds)s (a large body is given more "
        "time), so the connection was closed. Send the request again."),
    "problem_body_stalled_detail": N_(
        "No byte of the request's body arrived for %(seconds)s, so the connection was closed. "
        "Send the request again."),
    "problem_repeated_content_type": N_("Content-Type given twice"),
    "problem_repeated_content_type_detail": N_(
        "The request gives Content-Type more than once, with different values: how to read the "
        "body cannot be told, so it is not read. Give Content-Type once."),
    "problem_repeated_content_type_parameter": N_("Content-Type parameter given twice"),
    "problem_repeated_content_type_parameter_detail": N_(
        "The request’s Content-Type gives one of its parameters (such as charset) more than "
        "once, with different values: how to read the body cannot be told, so it is not read. "
        "Give each parameter once."),
    "problem_not_utf8": N_("Not UTF-8"),
    "problem_not_utf8_detail": N_("The body is not text in UTF-8, UTF-16 or UTF-32."),
    "problem_not_json": N_("Not JSON"),
    "problem_not_json_detail": N_("The body is not valid JSON."),
    "problem_not_json_lines_detail": N_(
        "The body is not valid JSON: it holds several applications, one a line (JSON Lines). "
        "Send a batch as application/jsonl, or one application as application/json."),
    "problem_invalid_input": N_("Invalid application"),
    "problem_not_judged": N_("Application not judged"),
    "problem_invalid_input_detail": N_(
        "The application is not complete or not well formed: each problem is listed with its "
        "place."),
    "problem_not_judged_detail": N_(
        "The application is read whole, but the call’s own rules cannot judge it (a date they "
        "move out of the calendar, a figure they make too large, an exchange rate or a table’s "
        "rate missing): each problem is listed with its place. The application is neither "
        "eligible nor ineligible."),
    "problem_bad_zone": N_("Unknown time zone"),
    "problem_bad_zone_detail": N_(
        "“%(value)s” is not a time zone name; use an IANA name such as America/Sao_Paulo."),
    "problem_bad_zone_plus_detail": N_(
        "“%(value)s” is not a time zone name: in a URL’s query a “+” stands for a space, so a "
        "plus sign must be written %%2B: %(encoded)s."),
    "problem_bad_now": N_("Bad instant"),
    "problem_bad_now_detail": N_(
        "“%(value)s” is not a date and time with a zone, such as 2026-06-01T17:00:00+02:00."),
    "problem_bad_now_plus_detail": N_(
        "“%(value)s” is not a date and time with a zone: in a URL’s query a “+” stands for a "
        "space, so the offset’s plus sign must be written %%2B: %(encoded)s."),
    "problem_internal": N_("Internal error"),
    "problem_internal_detail": N_("The service failed to answer; the error was logged."),
    "problem_bad_request": N_("Bad request"),
    "problem_bad_request_detail": N_("A query parameter is not as expected."),
    "problem_repeated_parameter": N_("Parameter given twice"),
    "problem_repeated_parameter_detail": N_(
        "The query parameter “%(parameter)s” is given more than once: which value counts cannot "
        "be told, so the request is not answered. Give it once."),
    "problem_unknown_parameter": N_("Unknown parameter"),
    "problem_unknown_parameter_detail": N_(
        "The query parameter “%(parameter)s” is not one this request takes (the parameters it "
        "takes: %(known)s): it is refused rather than ignored, so that a mistyped parameter "
        "never changes the answer without a word. Check its spelling."),
    "problem_unknown_parameter_none_detail": N_(
        "This request takes no query parameter: “%(parameter)s” is refused rather than ignored, "
        "so that a parameter never seems to count when it does not. Leave it out."),
    "problem_too_many_parameters": N_("Too many parameters"),
    "problem_too_many_parameters_detail": N_(
        "The address gives %(count)s query parameters, more than the %(most)s a request may "
        "give: they are not read, and the request is not answered. Give only the parameters the "
        "request takes, each once."),
    "problem_repeated_parameter_more_detail": N_(
        "There are %(count)s more parameters given more than once, not listed."),
    "problem_unknown_parameter_more_detail": N_(
        "There are %(count)s more parameters this request does not take, not listed."),
    "problem_internal_record_detail": N_(
        "The service failed to write the answer for this application; the error was logged. The "
        "other applications of the batch are answered."),
    "problem_archive": N_("An archive"),
    "problem_archive_detail": N_(
        "The body is an archive of files, not JSON: unpack it and send the applications it "
        "holds."),
    "problem_compressed": N_("Compressed"),
    "problem_compressed_detail": N_(
        "The body is compressed data, not JSON: decompress it and send what it gives."),
    "problem_workbook": N_("A workbook"),
    "problem_workbook_detail": N_(
        "The body is a spreadsheet workbook, not JSON: save it as CSV UTF-8 and send it as "
        "text/csv."),
    "problem_base64_encoded": N_("Encoded in base64"),
    "problem_base64_encoded_detail": N_(
        "The body is encoded in base64, as a mail attachment is, not JSON: decode it first "
        "(base64 -d) and send what it gives."),
    "problem_quoted_printable": N_("Encoded as quoted-printable"),
    "problem_quoted_printable_detail": N_(
        "The body is encoded as quoted-printable, as a mail body is, not JSON: decode it first "
        "(a mail reader shows it decoded) and send what it gives."),
    "add_to": N_("Add to the list:"),
    "item_title": N_("{title}, item {n}"),
}

#: A number of seconds, one message with its plural forms (``Nn_``): a language's catalog
#: gives as many forms as it counts (Polish three: « 1 sekunda », « 2 sekundy », « 5
#: sekund »), never two singular messages, which could say only two (look75g F3).
SECONDS = Nn_("%(n)s second", "%(n)s seconds")
