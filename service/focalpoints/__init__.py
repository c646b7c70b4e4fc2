"""National focal points: accounts scoped to one country (and optionally some programmes),
their API tokens and page sign-in (password or an e-mailed single-use link), and nominating
officials for trainings under ``nomination`` admission within their country's quota."""
