"""Every size and tolerance that picks how an absorbing chain is solved, in one place.

Read as `limits.NAME` at call time (never imported by name), so that a test can
force a path by setting one of them.
"""

# -- which back-end solves a metrics chain (solver.solver_for) ----------------------

# Chains of up to this many reachable steps are solved in pure Python (pure.py),
# larger ones with numpy/scipy (vectorised.py). Measured on bench/generate.py
# journeys: in a new process the pure path is the cheaper up to about 800 steps
# (numpy and scipy.sparse take ~0.25 s to import); once they are imported, up to
# about 150 (0.11 s against 0.03 s at 400 steps). 500 keeps a one-file check fast
# and a many-file run within a tenth of a second per large journey.
PURE_PYTHON_CHAIN_STEPS = 500

# -- the numpy/scipy back-end (linear.py) --------------------------------------------

# A product system of up to this many states is solved dense (numpy.linalg), a
# larger one sparse (scipy SuperLU): below it the dense O(n^3) solve is faster
# than building a sparse matrix, above it the dense matrix grows as n^2.
DENSE_PRODUCT_STATES = 300
# A strongly connected block of more states than this would fill in densely in
# SuperLU's natural order (800 agents and an 800-message hub: 387 s); above it the
# columns are ordered by COLAMD, with GMRES tried first (4 s). Below it natural
# order is cheaper: the journey's loops are small and fill only their own block.
COLAMD_BLOCK_STATES = 2_000
# GMRES (linear.iterate): the incomplete LU is coarse (most of the time is its
# factorization), the answer is accepted only with a residual this small relative
# to the right-hand side: the precision the direct solve gives.
ILU_DROP_TOLERANCE = 1e-2
ILU_FILL_FACTOR = 2
GMRES_RESIDUAL = 1e-12

# -- the block-by-block solve of the pure-Python back-end (blocks.py) ---------------

# A strongly connected block of up to this many states is solved by GTH
# elimination in pure Python (exact whatever the leak; its cost grows as n^3 in
# interpreted code, so beyond a few dozen states numpy pays for its import).
GTH_BLOCK_STATES = 48
# Larger blocks: numpy dense up to this many states, scipy.sparse above. It is
# also the largest block re-solved by dense GTH when numpy's answer fails the
# conservation check (an n^2 matrix of 600 states is 2.9 MB; above, a loop left
# so rarely that floating point cannot solve it is reported as singular).
DENSE_BLOCK_STATES = 600

# -- numerical robustness of the chain itself (chain.py) ----------------------------

# A branch below this share of its step's probability mass counts as 0; the next
# bound is tried when a solve is not finite (branch probabilities so close to 0 or
# 1 that floating point cannot tell a loop from a trap).
NEGLIGIBLE_BOUNDS = (1e-12, 1e-9, 1e-6)

# -- exposure (exposure.reach_probabilities) ---------------------------------------

# The probability of ever reaching each step is solved for all steps at once; a
# loop the customer can leave is inverted dense (numpy), up to this many steps
# (2,000: 0.3 s, 32 MB). A larger loop's steps are solved one finding at a time.
REACH_DENSE_LOOP_STEPS = 2_000

# -- the score (score.walk_goodwill) --------------------------------------------
# Obstruction loops whose entry probabilities are solved one by one (pure Python);
# beyond, all steps' reach probabilities in one pass (score.obstruction_rounds).
LOOPS_SOLVED_ONE_BY_ONE = 16


# Each walk's repeated entries are followed exactly by adding the data given so far
# to the chain's state; past this many states (many data asked in many orders) the
# chain drops them and the repeats some walks only make weigh in expectation.
GOODWILL_DATA_STATES = 400_000
