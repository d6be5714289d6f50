import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

const anthropic = new Anthropic({
  apiKey: "sk-ant-api03-f0NDJgsFuWcPWQiPVUM_Ff0MOfz5h-nu2cuh8a0fgxEFn5wxaRt8dykUEKpibTYVWdZXPxsLVwELAkJ2KnFIMf8ffUJI8AA",
});

export async function describeProduct(title: string, bullets: string[]): Promise<string> {
  const msg = await anthropic.messages.create({
    model: "claude-3-5-haiku-latest",
    max_tokens: 300,
    messages: [{ role: "user", content: `Write a product blurb for ${title}: ${bullets.join("; ")}` }],
  });
  return msg.content[0].type === "text" ? msg.content[0].text : "";
}

export async function embed(text: string): Promise<number[]> {
  const res = await openai.embeddings.create({ model: "text-embedding-3-small", input: text });
  return res.data[0].embedding;
}
