"""Selection: organisers review the applications and nominations of a training (filters,
counts per country against the quotas) and decide in bulk — accept (a confirmed seat within
capacity and the country's quota), waitlist (a reserve) or reject — each decision recorded
(who, when, reason), an outbox event, and e-mailed to the person and to their focal point."""
