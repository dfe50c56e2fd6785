"""Checklist evidence the cases app finds in its own records.

(The ``parenting_contract`` item is the contracts app's: a signed contract or
a written reason why none was offered, not the case entering the stage.)"""
