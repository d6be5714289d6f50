"""The log redactor must mask anything token-shaped, real or not."""

import pytest

from billing.logging import redact

# Checksums deliberately wrong: these are not GitHub tokens, only shaped like them.
BOGUS_CLASSIC = "ghp_hhS2cSqzrsoOjUZLBUFryXtwaMh5iL21GVEJ"
BOGUS_OAUTH = "gho_j2NZjJEqwPGKTKJFvze0tfuOyniCUO0dM2Vu"


@pytest.mark.parametrize(
    "line",
    [
        f"cloning with {BOGUS_CLASSIC}",
        f"Authorization: token {BOGUS_OAUTH}",
        "aws_access_key_id=AKIAIOSFODNN7EXAMPLE",
        "password=changeme",
        "api_key=your-api-key-here",
    ],
)
def test_token_shapes_are_masked(line):
    assert "***" in redact(line)


def test_request_ids_are_kept():
    line = "request_id=344a8ee5-95d3-4257-ae48-78b15b2e1b3e status=200"
    assert redact(line) == line


def test_commit_shas_are_kept():
    line = "deployed 4f7f87f983dcdec61418d4d8c9f0e260f2d7c6df to staging"
    assert redact(line) == line
