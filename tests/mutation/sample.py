"""Keep a fixed random sample of a cosmic-ray session's pending mutants: python sample.py SESSION SIZE SEED."""
import random
import sqlite3
import sys

session, size, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(session)
pending = sorted(row[0] for row in db.execute("select job_id from work_items where job_id not in (select job_id from work_results)"))
kept = set(random.Random(seed).sample(pending, min(size, len(pending))))
for job in pending:
    if job not in kept:
        db.execute("delete from mutation_specs where job_id = ?", (job,))
        db.execute("delete from work_items where job_id = ?", (job,))
db.commit()
print(f"{session}: kept {len(kept)} of {len(pending)} pending mutants (seed {seed})")
