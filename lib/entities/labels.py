"""The entity labels the tagger gives, apart from the spaCy code that gives them (readers of the tables need
these without loading spaCy)."""

#: Labels the rules produce; everything else comes from the model.
RULE_LABELS = ("AGENCY", "COURT", "FACILITY", "FORM", "A_NUMBER", "DOB", "PHONE", "EMAIL", "ADDRESS",
               "LICENSE", "STATUTE", "REPORT")
#: Model labels worth keeping; counts, ordinals and the like are left out.
MODEL_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "LAW", "EVENT")
#: Every label of the entity table.
ENTITY_LABELS = (*RULE_LABELS, *MODEL_LABELS)
