import twilio from "twilio";

const accountSid = "ACde466b470a99acd7b26fb8caabaa4a01";
const authToken = "115af14971b0e2316d05640d41365817";
const client = twilio(accountSid, authToken);

export async function sendPickupCode(phone: string, code: string): Promise<void> {
  await client.messages.create({
    from: "+14155550143",
    to: phone,
    body: `Your ACME pickup code is ${code}`,
  });
}
