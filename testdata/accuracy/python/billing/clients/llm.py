"""Summarises disputed invoices for the support team."""

import logging

import anthropic
from openai import OpenAI

log = logging.getLogger(__name__)

# TODO(mira): move to Vault before the pilot ends
OPENAI_API_KEY = "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"
ANTHROPIC_API_KEY = "sk-ant-api03-Q1LjavPcF-x13P-Jfp4bIa_RH6_bABpxcs0RNhk9uPGSDbBHNZBqkNjnNvjsRqfHk2ih1pqd9DNK7NlIl9Y9v1U_WLrcmAA"

MODEL = "gpt-4o-mini"
tokenizer_name = "o200k_base"
max_tokens = 1024


def summarise(invoice_text: str) -> str:
    client = OpenAI(api_key=OPENAI_API_KEY)
    reply = client.chat.completions.create(
        model=MODEL,
        messages=[
            {"role": "system", "content": "Summarise the dispute in two sentences."},
            {"role": "user", "content": invoice_text},
        ],
        max_tokens=max_tokens,
    )
    return reply.choices[0].message.content


def second_opinion(invoice_text: str) -> str:
    client = anthropic.Anthropic(api_key=ANTHROPIC_API_KEY)
    message = client.messages.create(
        model="claude-3-5-sonnet-latest",
        max_tokens=max_tokens,
        messages=[{"role": "user", "content": invoice_text}],
    )
    log.info("anthropic usage: %s", message.usage)
    return message.content[0].text
