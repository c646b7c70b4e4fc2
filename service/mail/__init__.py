"""E-mail: composing messages from template files and handing them to SMTP or the outbox folder."""
