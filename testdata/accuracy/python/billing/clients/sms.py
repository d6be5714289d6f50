from twilio.rest import Client

TWILIO_ACCOUNT_SID = "AC68490726646f54a73aba75f81ac39071"
TWILIO_API_KEY = "SK615777e721f590493f494600952cc29f"
TWILIO_API_SECRET = "GuFtYFXrkLUh4kD1y6jbOkGdyS52bTur"
FROM_NUMBER = "+14155550187"

client = Client(TWILIO_API_KEY, TWILIO_API_SECRET, TWILIO_ACCOUNT_SID)


def send_dunning_reminder(phone: str, amount: str) -> str:
    message = client.messages.create(
        from_=FROM_NUMBER, to=phone, body=f"ACME: your invoice of {amount} is overdue."
    )
    return message.sid
