"""The outbox and what carries its work: events, e-mail deliveries, the broker, the sweeper."""
