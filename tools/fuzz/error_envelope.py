"""Schemathesis hooks of the fuzz run (tools/fuzz/README.md): the error-envelope check.

Every non-2xx answer of every service carries the error envelope of `libs/contracts`. The driver
writes that schema, generated from the contract, to the file FUZZ_ERROR_ENVELOPE_SCHEMA names, so
the shape is stated once, in TypeScript.
"""

import json
import os

import jsonschema_rs
import schemathesis

with open(os.environ["FUZZ_ERROR_ENVELOPE_SCHEMA"], encoding="utf-8") as schema_file:
    _envelope = jsonschema_rs.validator_for(json.load(schema_file))


@schemathesis.check
def error_envelope(ctx, response, case):
    """A 4xx or 5xx answer is JSON in the error envelope, whatever its status."""
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError as error:
        raise AssertionError(f"HTTP {response.status_code} is not JSON: {response.content[:200]!r}") from error
    problems = [error.message for error in _envelope.iter_errors(body)]
    if problems:
        raise AssertionError(f"HTTP {response.status_code} is not in the error envelope: {'; '.join(problems[:5])}")
    return None
