# frozen_string_literal: true

# Mirrors support tickets labelled `bug` into GitHub issues.
class GithubSync
  REPO = "acme/helpdesk"
  TOKEN = "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".freeze

  def initialize(client: Octokit::Client.new(access_token: TOKEN))
    @client = client
  end

  def call(ticket)
    return unless ticket.labels.include?("bug")

    issue = @client.create_issue(REPO, ticket.subject, body_for(ticket), labels: ["from-helpdesk"])
    ticket.update!(github_issue_number: issue.number)
  end

  private

  def body_for(ticket)
    <<~MD
      Reported by #{ticket.requester_email} (ticket ##{ticket.id}).

      #{ticket.body}
    MD
  end
end
