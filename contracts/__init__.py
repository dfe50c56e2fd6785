"""Contracts: parenting contracts (life cycle, signing, reviews), notices to
improve, penalty notices, and the national framework's rules for them
(``contracts.rules``)."""
