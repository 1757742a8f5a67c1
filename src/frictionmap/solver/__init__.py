"""Solving absorbing Markov chains: everything the metrics need, nothing they mean.

- chain.py: a journey's reachable steps as an absorbing chain (`base_chain`),
  the `Move` that builds a product chain with a memory, and the `Solved` sums;
- pure.py: the pure-Python back-end (a dict per product chain), solved by
- blocks.py: expected visits block by block over the strongly connected
  components (GTH elimination for small blocks, numpy/scipy for large ones);
- vectorised.py: the numpy back-end for large chains, solved by
- linear.py: dense (numpy), sparse (scipy SuperLU) or iterative (GMRES with an
  incomplete LU) linear solves;
- backends.py: which back-end solves a chain (`solver_for`);
- limits.py: every size and tolerance that picks among them, with its reason.

numpy and scipy are imported only inside the functions that use them, so that
`frictionmap check` on a journey of ordinary size never imports them. This
file imports nothing, so that its modules can import one another (`from .
import limits`) without an import cycle.
"""
