"""The use cases of the placement workflow. Each takes the acting user and its input keyword-only, checks
permission and state, writes everything (history, audit, notifications) in one transaction, and raises a
`DomainError` with a message a person understands when it cannot: then nothing has changed."""
