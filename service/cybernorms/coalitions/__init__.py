"""The coalition questions: the rules of verdicts and alignment, a day's snapshot of the record, names, answers."""
