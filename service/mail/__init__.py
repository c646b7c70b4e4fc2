"""E-mail: composing messages from a feature's template files, and sending them by SMTP or as
``.eml`` files."""
