"""Contracts: parenting contracts (lifecycle, signatures, reviews), notices to improve,
penalty notices and their rules. (Arrives with the contracts issue.)
"""
