import stripe

from billing.invoices.models import Invoice

stripe.api_key = "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"
stripe.api_version = "2024-06-20"

# Publishable keys are meant for browsers; this one is rendered into checkout.html.
CHECKOUT_PUBLISHABLE_KEY = "pk_live_51iRw6OlWLQCpWU7HpRKkxlWx9btvPJEJKwVPFPpzaHwNgGy42Vpup0FneLZzeQtceHtlP20DxQKviRkg55rg3pTelf6cycBMCE"


def charge(invoice: Invoice) -> str:
    intent = stripe.PaymentIntent.create(
        amount=invoice.total_cents,
        currency=invoice.currency.lower(),
        customer=invoice.customer.stripe_id,
        idempotency_key="8fc712d8-862d-4ebd-9627-7a311dcd5450",
        metadata={"invoice": invoice.number},
    )
    return intent.id


def refund(charge_id: str, reason: str = "requested_by_customer") -> None:
    stripe.Refund.create(charge=charge_id, reason=reason)
