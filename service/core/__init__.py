"""What every feature shares: database, settings, clock, tokens, errors, languages, input rules."""
