// Release helper
const { Octokit } = require("@octokit/rest");

const octokit = new Octokit({
  auth: "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",
});

module.exports = octokit;
