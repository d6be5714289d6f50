import { Octokit } from "@octokit/rest";

// Release bot for the storefront-themes repository.
const octokit = new Octokit({
  auth: "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",
  userAgent: "acme-release-bot/2.3",
});

const installationToken = "ghs_A53dTbJ0EZ8shz7xsJ41z3C505O3bL0gkZyq";

export async function openReleasePr(version: string, sha: string): Promise<number> {
  const { data } = await octokit.pulls.create({
    owner: "acme",
    repo: "storefront-themes",
    title: `Release ${version}`,
    head: `release/${version}`,
    base: "main",
    body: `Built from ${sha}`,
  });
  return data.number;
}

export const THEMES_BASE_SHA = "434f715a0719fc19221120e65164b1ad1319c5f4";

export function cloneUrl(): string {
  return `https://x-access-token:${installationToken}@github.com/acme/storefront-themes.git`;
}
